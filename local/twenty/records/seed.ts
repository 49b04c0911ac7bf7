import type { DatabaseSync } from 'node:sqlite';
import type { WorkspaceRecords } from './record-store.ts';

/** Fixed ids, so links, docs and tests can name the seeded records. */
export const SEED_IDS = {
  acme: '0b6b2f3e-6c1a-4e6f-9a51-0a9c1d7e2a01',
  globex: '0b6b2f3e-6c1a-4e6f-9a51-0a9c1d7e2a02',
  initech: '0b6b2f3e-6c1a-4e6f-9a51-0a9c1d7e2a03',
  maya: '1c7c3a4f-7d2b-4f70-8b62-1bad2e8f3b01',
  tomas: '1c7c3a4f-7d2b-4f70-8b62-1bad2e8f3b02',
  priya: '1c7c3a4f-7d2b-4f70-8b62-1bad2e8f3b03',
  fleet: '2d8d4b50-8e3c-4081-9c73-2cbe3f904c01',
  pilot: '2d8d4b50-8e3c-4081-9c73-2cbe3f904c02',
  renewal: '2d8d4b50-8e3c-4081-9c73-2cbe3f904c03',
} as const;

const links = (url: string) => ({ primaryLinkUrl: url, primaryLinkLabel: '', secondaryLinks: [] });
const emails = (email: string) => ({ primaryEmail: email, additionalEmails: [] });
const usd = (dollars: number) => ({ amountMicros: dollars * 1_000_000, currencyCode: 'USD' });

/** A few believable records, written once per data dir (a deleted seed stays deleted). */
export const seedRecords = (db: DatabaseSync, records: WorkspaceRecords): void => {
  if (db.prepare("SELECT 1 FROM meta WHERE key = 'records-seeded'").get()) return;
  records.transaction(() => {
    const company = (id: string, name: string, domain: string, employees: number) =>
      records.insert('company', { id, name, domainName: links(`https://${domain}`), employees });
    company(SEED_IDS.acme, 'Acme Robotics', 'acme-robotics.com', 420);
    company(SEED_IDS.globex, 'Globex Logistics', 'globex-logistics.com', 1800);
    company(SEED_IDS.initech, 'Initech Health', 'initech-health.com', 95);
    const person = (
      id: string,
      first: string,
      last: string,
      email: string,
      jobTitle: string,
      companyId: string,
    ) =>
      records.insert('person', {
        id,
        name: { firstName: first, lastName: last },
        emails: emails(email),
        jobTitle,
        companyId,
      });
    person(SEED_IDS.maya, 'Maya', 'Okafor', 'maya.okafor@acme-robotics.com', 'VP Operations', SEED_IDS.acme);
    person(SEED_IDS.tomas, 'Tomás', 'Berg', 'tomas.berg@globex-logistics.com', 'Head of IT', SEED_IDS.globex);
    person(SEED_IDS.priya, 'Priya', 'Nair', 'priya.nair@initech-health.com', 'CTO', SEED_IDS.initech);
    const opportunity = (
      id: string,
      name: string,
      dollars: number,
      stage: string,
      closeDate: string,
      companyId: string,
      pointOfContactId: string,
    ) =>
      records.insert('opportunity', {
        id,
        name,
        amount: usd(dollars),
        stage,
        closeDate,
        companyId,
        pointOfContactId,
      });
    opportunity(
      SEED_IDS.fleet,
      'Acme Robotics — Fleet expansion',
      240_000,
      'PROPOSAL',
      '2027-03-31T00:00:00.000Z',
      SEED_IDS.acme,
      SEED_IDS.maya,
    );
    opportunity(
      SEED_IDS.pilot,
      'Globex Logistics — Warehouse pilot',
      48_000,
      'MEETING',
      '2027-01-15T00:00:00.000Z',
      SEED_IDS.globex,
      SEED_IDS.tomas,
    );
    opportunity(
      SEED_IDS.renewal,
      'Initech Health — Annual renewal',
      96_000,
      'SCREENING',
      '2027-06-30T00:00:00.000Z',
      SEED_IDS.initech,
      SEED_IDS.priya,
    );
    db.prepare("INSERT INTO meta (key, value) VALUES ('records-seeded', ?)").run(new Date().toISOString());
  });
};

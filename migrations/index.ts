import type { Migration } from 'kysely';
import * as m0001 from './0001_domain';
import * as m0003 from './0003_office_workflow';
import * as m0004 from './0004_lookup_indexes';
import * as m0005AgencySearch from './0005_agency_search';
import * as m0005 from './0005_session_office';
import * as m0006 from './0006_record';
import * as m0007 from './0007_office_visit';
import * as m0008 from './0008_draft_parts';
import * as m0009 from './0009_shared_state';
import * as m0010 from './0010_rounds';
import * as m0011 from './0011_public_comments';

/** Every migration, in order. Listed here rather than read from the folder, so compiled and test runs agree. */
export const migrations: Record<string, Migration> = {
  '0001_domain': m0001,
  '0003_office_workflow': m0003,
  '0004_lookup_indexes': m0004,
  '0005_agency_search': m0005AgencySearch,
  '0005_session_office': m0005,
  '0006_record': m0006,
  '0007_office_visit': m0007,
  '0008_draft_parts': m0008,
  '0009_shared_state': m0009,
  '0010_rounds': m0010,
  '0011_public_comments': m0011,
};

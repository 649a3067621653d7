-- A queued or running import lives in the instance that holds its upload (a local file) and renews the job's lease
-- while it lives. A job whose lease ran out lost its instance (a crash, a restart): it reads as FAILED with the failure
-- INTERRUPTED instead of RUNNING for ever. Jobs left unfinished before this migration have no lease: interrupted too.
alter table contact_import add column lease_until timestamptz;

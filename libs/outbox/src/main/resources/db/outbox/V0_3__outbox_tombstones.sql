-- A row without payload is a tombstone (issue 17 item 5): the relay publishes it with a null value, and compaction
-- then removes every record of its key from a compacted topic (an erased subject's keys on privacy.consents.v1).
alter table outbox_event alter column payload drop not null;

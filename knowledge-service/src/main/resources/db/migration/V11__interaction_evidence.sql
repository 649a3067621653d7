-- Interaction evidence (issue 21 item 7, ADR 0048): the pre-contact check (privacy-service POST /api/contact-checks)
-- that allowed an agent to reach out, and the version of the AI disclosure text it showed (`<agent>/<channel>/v<n>`).
-- On the conversation (the check that opened it, copied onto its outbound initial messages) and on each appended
-- outbound message. Null: recorded without a check (inbound, or history imported by an editor); the interaction
-- report (GET /api/interaction-report) counts and lists those. Ids and a version label only, no personal data; the
-- evidence goes with its conversation on erasure (the rows are deleted) and into the subject's export.
alter table conversation add column check_id uuid;
alter table conversation add column disclosure_version varchar(300);
alter table conversation_message add column check_id uuid;
alter table conversation_message add column disclosure_version varchar(300);

-- The report reads outbound messages by time; conversations by start time (conversation_by_tenant_and_start).
create index message_outbound_by_time on conversation_message (tenant_id, sent_at) where direction = 'OUTBOUND';

-- Traces across Kafka (docs/adr/0045): the W3C traceparent of the request (or consumed event) that wrote the row, sent
-- by the relay as the CloudEvents extension header ce_traceparent. Ids only: version, trace id, span id, flags.
alter table outbox_event add column traceparent varchar(55);

-- Runs as the database owner role. Listing indexes measured with 100,000 requests in one tenant (README):
-- the overdue filter walks the open requests only, newest first; the due-date filters ride the receipt index
-- with an implied bound (a request is never due before it was received), so no due-date index is needed.
drop index privacy_request_open_by_due;
drop index privacy_request_by_due;
create index privacy_request_open on privacy_request (tenant_id, received_at desc, id)
    where status in ('RECEIVED', 'IDENTITY_PENDING', 'IN_PROGRESS');

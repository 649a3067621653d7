-- A restriction can be lifted (GDPR Art. 18(3), ADR 0039): RESTRICTION_LIFT requests, fanned out like any other.
alter table privacy_request drop constraint privacy_request_type_check;
alter table privacy_request add constraint privacy_request_type_check
    check (type in ('ACCESS', 'PORTABILITY', 'ERASURE', 'RECTIFICATION', 'RESTRICTION', 'OBJECTION', 'RESTRICTION_LIFT'));

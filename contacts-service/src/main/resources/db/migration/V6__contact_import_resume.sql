-- An import interrupted by a shutdown or a crash resumes from its last committed batch when its instance starts again
-- (docs/adr/0045): the job's upload is kept under the job's name, and the job row holds every option the import
-- needs, the importer too (the consent proof's "imported by", an opaque staff id).
alter table contact_import add column imported_by varchar(200);

-- Stands for a migration that a newer build applied and this build does not carry (SchemaStateTest).
CREATE TABLE added_by_a_newer_build (id integer);

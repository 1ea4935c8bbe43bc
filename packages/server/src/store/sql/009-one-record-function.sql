-- Migration 9: tollgate_record is one function again (record.sql runs before this file), so
-- the member functions migration 8 created are dropped.
DROP FUNCTION IF EXISTS tollgate_record_write(text, jsonb, bigint, text, boolean);
DROP FUNCTION IF EXISTS tollgate_record_claim(text, text, text, text, float8);

-- Migration 14: tollgate_record_one takes its scalars in one text array and answers one (PGlite
-- spends 5-7 µs of protocol work per parameter and per result column). The ten-parameter
-- version is dropped; record.sql creates the new one after this statement.
DROP FUNCTION IF EXISTS tollgate_record_one(text, jsonb, bigint, text, boolean, text, text, text, text, float8);

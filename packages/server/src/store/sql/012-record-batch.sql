-- Migration 12: tollgate_record_batch writes every snapshot before it claims any event (one lock
-- order for every batch: migration 10's version, interleaving each input's write and claims,
-- could deadlock two batches). Its result changed, so it is dropped and created again from
-- record.sql after this statement.
DROP FUNCTION IF EXISTS tollgate_record_batch(jsonb, float8);

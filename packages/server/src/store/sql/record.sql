-- tollgate_record(batch, stale seconds): everything one batch of webhook events and syncs writes, as
-- one statement (one round trip, one commit). The batch is one JSON parameter — cheaper to send
-- than a dozen arrays — and PL/pgSQL caches its plans per connection.
--
-- `batch.writes[]` ({n, customer, snapshot, expected, user, trial}; `n` numbers them from 1),
-- sorted by customer so concurrent batches lock rows in one order: the read snapshot lands only
-- if the stored version still equals `expected`, the version seen before the Stripe read began
-- (compare-and-set: an older read never lands over a newer one). `unchanged` when it equals what
-- is stored (ignoring `syncedAt`), `conflict` when another writer got there first.
--
-- The user link and trial flag are written with it. **Link conflicts: the stored link wins.**
-- When Stripe's `metadata.userId` names another user than the one this customer is linked to
-- (an operator edited it), or names a user already linked to another customer, the stored link
-- is kept, the other party is recorded in `link_conflict` on the stored row, and `note` says
-- what disagrees (the sync logs it). It clears once Stripe agrees again.
--
-- `batch.events[]` ({n, id, type, customer, status, item}), sorted by id: `claimed` (inserted,
-- or taken over when failed or stale), else the status another attempt left; `skipped` when the
-- write it came with (`item`, 1-based) conflicted, so an event is never marked done over a
-- snapshot that was not written. `ignored` events are recorded as finished.
--
-- Every member runs in its own subtransaction: one that fails answers `error` (with the
-- database's message in `note`) and is rolled back alone — one bad event never fails another.
--
-- The user link is only read when the write can change it (a Stripe `metadata.userId`, or a trial
-- to record), and written only when it would change: a customer already linked to this user, with
-- its trial recorded and no conflict noted, costs one indexed read and no write.
--
-- This is the function's current definition: migration 3 creates it, and a later migration that
-- changes it runs this file again (migration 6: the user link read and written only when needed).
-- Splitting each member into a function of its own, to skip the subtransactions when a batch
-- holds one input, measured no cheaper (the extra calls cost what the subtransactions saved).
CREATE OR REPLACE FUNCTION tollgate_record(p_batch jsonb, p_stale_seconds float8)
RETURNS TABLE (kind text, idx int, outcome text, version bigint, attempts int, note text)
LANGUAGE plpgsql AS $fn$
DECLARE
  w record;
  link record;
  e record;
  outcomes text[] := '{}';
  current_version bigint;
  current_snapshot jsonb;
  claimed_attempts int;
  linked_user text;
  linked_customer text;
BEGIN
  FOR w IN SELECT * FROM jsonb_to_recordset(p_batch->'writes')
      AS x(n int, customer text, snapshot jsonb, expected bigint, "user" text, trial boolean) LOOP
    outcome := NULL; note := NULL;
    BEGIN
      UPDATE tollgate_snapshots s SET snapshot = w.snapshot, version = s.version + 1, synced_at = now()
        WHERE s.customer_id = w.customer AND s.version = w.expected
          AND (s.snapshot - 'syncedAt') IS DISTINCT FROM (w.snapshot - 'syncedAt')
        RETURNING s.version INTO current_version;
      IF FOUND THEN
        outcome := 'written';
      ELSE
        SELECT s.version, s.snapshot INTO current_version, current_snapshot
          FROM tollgate_snapshots s WHERE s.customer_id = w.customer;
        IF FOUND THEN
          outcome := CASE WHEN (current_snapshot - 'syncedAt') = (w.snapshot - 'syncedAt')
                          THEN 'unchanged' ELSE 'conflict' END;
        ELSIF w.expected = 0 THEN
          INSERT INTO tollgate_snapshots (customer_id, snapshot, version, synced_at)
            VALUES (w.customer, w.snapshot, 1, now()) ON CONFLICT (customer_id) DO NOTHING;
          IF FOUND THEN
            current_version := 1;
            outcome := 'written';
          ELSE
            SELECT s.version INTO current_version FROM tollgate_snapshots s WHERE s.customer_id = w.customer;
            outcome := 'conflict';
          END IF;
        ELSE
          current_version := 0;
          outcome := 'conflict';
        END IF;
      END IF;
      IF outcome <> 'conflict' AND (w."user" IS NOT NULL OR w.trial) THEN
        SELECT c.user_id, c.has_had_trial, c.link_conflict INTO link
          FROM tollgate_customers c WHERE c.customer_id = w.customer;
        linked_user := link.user_id;
        IF w."user" IS NULL OR (linked_user IS NOT NULL AND linked_user <> w."user") THEN
          IF (w.trial AND NOT link.has_had_trial)
             OR (w."user" IS NOT NULL AND link.link_conflict IS DISTINCT FROM w."user") THEN
            UPDATE tollgate_customers c SET
                has_had_trial = c.has_had_trial OR w.trial,
                link_conflict = CASE WHEN w."user" IS NULL THEN c.link_conflict ELSE w."user" END,
                updated_at = now()
              WHERE c.customer_id = w.customer
                AND ((w.trial AND NOT c.has_had_trial)
                     OR (w."user" IS NOT NULL AND c.link_conflict IS DISTINCT FROM w."user"));
          END IF;
          IF w."user" IS NOT NULL THEN
            note := format('customer %s is linked to user %s, but its Stripe metadata.userId is %s',
                           w.customer, linked_user, w."user");
          END IF;
        ELSIF linked_user IS NOT NULL AND NOT (w.trial AND NOT link.has_had_trial)
              AND link.link_conflict IS NULL THEN
          NULL; -- linked to this user already, nothing to record: the upsert below would not write
        ELSE
          SELECT c.customer_id INTO linked_customer FROM tollgate_customers c WHERE c.user_id = w."user";
          IF linked_customer IS NOT NULL AND linked_customer <> w.customer THEN
            note := format('Stripe customer %s names user %s, who is linked to customer %s',
                           w.customer, w."user", linked_customer);
            UPDATE tollgate_customers c SET link_conflict = w.customer, updated_at = now()
              WHERE c.user_id = w."user" AND c.link_conflict IS DISTINCT FROM w.customer;
          ELSE
            INSERT INTO tollgate_customers AS c (user_id, customer_id, has_had_trial)
              VALUES (w."user", w.customer, w.trial)
              ON CONFLICT (user_id) DO UPDATE SET
                customer_id = COALESCE(c.customer_id, EXCLUDED.customer_id),
                has_had_trial = c.has_had_trial OR EXCLUDED.has_had_trial,
                link_conflict = NULL,
                updated_at = now()
              WHERE c.customer_id IS NULL OR (EXCLUDED.has_had_trial AND NOT c.has_had_trial)
                 OR c.link_conflict IS NOT NULL;
          END IF;
        END IF;
      END IF;
    EXCEPTION WHEN OTHERS THEN
      outcome := 'error'; note := SQLERRM; current_version := NULL;
    END;
    outcomes[w.n] := outcome;
    kind := 'sync'; idx := w.n; version := current_version; attempts := NULL;
    RETURN NEXT;
  END LOOP;
  FOR e IN SELECT * FROM jsonb_to_recordset(p_batch->'events')
      AS x(n int, id text, type text, customer text, status text, item int) LOOP
    kind := 'event'; idx := e.n; version := NULL; attempts := NULL; note := NULL;
    IF e.item IS NOT NULL AND outcomes[e.item] IN ('conflict', 'error') THEN
      outcome := CASE WHEN outcomes[e.item] = 'error' THEN 'error' ELSE 'skipped' END;
      RETURN NEXT;
      CONTINUE;
    END IF;
    BEGIN
      INSERT INTO tollgate_events AS l (id, type, customer_id, status, finished_at)
        VALUES (e.id, e.type, e.customer, e.status,
                CASE WHEN e.status IN ('done', 'ignored') THEN now() END)
        ON CONFLICT (id) DO UPDATE SET
          status = EXCLUDED.status, attempts = l.attempts + 1, claimed_at = now(),
          finished_at = EXCLUDED.finished_at, error = NULL
        WHERE l.status = 'failed'
           OR (l.status = 'processing' AND l.claimed_at < now() - make_interval(secs => p_stale_seconds))
        RETURNING l.attempts INTO claimed_attempts;
      IF FOUND THEN
        outcome := 'claimed';
        attempts := claimed_attempts;
      ELSE
        SELECT l.status INTO outcome FROM tollgate_events l WHERE l.id = e.id;
      END IF;
    EXCEPTION WHEN OTHERS THEN
      outcome := 'error'; note := SQLERRM;
    END;
    RETURN NEXT;
  END LOOP;
END
$fn$;

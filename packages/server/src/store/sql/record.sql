-- tollgate_record_one(input, snapshot) and tollgate_record_batch(batch, stale seconds): everything a webhook
-- event or a sync writes, as one statement (one round trip, one commit). PL/pgSQL caches their
-- plans per connection.
--
-- tollgate_record_one records a snapshot write (none when `p_snapshot` is null) and the ledger
-- claim of one event (none when `p_id` is null).
--
-- The write: the read snapshot lands only if the stored version still equals the expected one, the
-- version seen before the Stripe read began (compare-and-set: an older read never lands over a
-- newer one). `unchanged` when it equals what is stored (ignoring `syncedAt`), `conflict` when
-- another writer got there first.
--
-- The user link and trial flag are written with it. **Link conflicts: the stored link wins.**
-- When Stripe's `metadata.userId` names another user than the one this customer is linked to
-- (an operator edited it), or names a user already linked to another customer, the stored link
-- is kept, the other party is recorded in `link_conflict` on the stored row, and `note` says
-- what disagrees (the sync logs it). It clears once Stripe agrees again. The link is only read
-- when the write can change it (a Stripe `metadata.userId`, or a trial to record), and written
-- only when it would change: a customer already linked to this user, with its trial recorded and
-- no conflict noted, costs one indexed read and no write.
--
-- The claims: `claimed` (inserted, or taken over when failed or stale), else the status another
-- attempt left; `skipped` when the write conflicted, so an event is never marked done over a
-- snapshot that was not written. `ignored` events are recorded as finished.
--
-- A lone input with at most one event runs as it is: when it fails, its statement fails and only
-- its caller sees it. tollgate_record_batch records the inputs of concurrent callers, and an
-- input with several events (a sync they waited for together): `batch.writes[]` ({n, customer,
-- snapshot, expected, user, trial}, sorted by customer) first, then `batch.events[]` ({n, id,
-- type, customer, status, item}, sorted by id; `item` is the 1-based write it came with), so
-- concurrent batches lock rows in one order (interleaving each input's write and claims instead
-- deadlocks: a snapshot left unchanged takes no lock, so two batches can claim the same events
-- in opposite orders). Each member runs in its own subtransaction: one that
-- fails answers `error` (with the database's message in `note`) and is rolled back alone — one
-- bad event never fails another; a claim whose write conflicted or failed is `skipped` or
-- `error`. The lone path skips the batch's JSON and subtransactions (on PGlite, function time per
-- event 254 µs → 171 µs in the bench's profile).
--
-- This is the functions' current definition: a migration that changes them runs this file again.
-- tollgate_record_link(customer, user, trial): the user link and trial flag a written snapshot
-- brings (see above); answers the note of a link conflict, else null.
CREATE OR REPLACE FUNCTION tollgate_record_link(p_customer text, p_user text, p_trial boolean)
RETURNS text LANGUAGE plpgsql AS $fn$
DECLARE
  link record;
  linked_user text;
  linked_customer text;
  note text;
BEGIN
  SELECT c.user_id, c.has_had_trial, c.link_conflict INTO link
    FROM tollgate_customers c WHERE c.customer_id = p_customer;
  linked_user := link.user_id;
  IF p_user IS NULL OR (linked_user IS NOT NULL AND linked_user <> p_user) THEN
    IF (p_trial AND NOT link.has_had_trial)
       OR (p_user IS NOT NULL AND link.link_conflict IS DISTINCT FROM p_user) THEN
      UPDATE tollgate_customers c SET
          has_had_trial = c.has_had_trial OR p_trial,
          link_conflict = CASE WHEN p_user IS NULL THEN c.link_conflict ELSE p_user END,
          updated_at = now()
        WHERE c.customer_id = p_customer
          AND ((p_trial AND NOT c.has_had_trial)
               OR (p_user IS NOT NULL AND c.link_conflict IS DISTINCT FROM p_user));
    END IF;
    IF p_user IS NOT NULL THEN
      note := format('customer %s is linked to user %s, but its Stripe metadata.userId is %s',
                     p_customer, linked_user, p_user);
    END IF;
  ELSIF linked_user IS NOT NULL AND NOT (p_trial AND NOT link.has_had_trial)
        AND link.link_conflict IS NULL THEN
    NULL; -- linked to this user already, nothing to record: the upsert below would not write
  ELSE
    SELECT c.customer_id INTO linked_customer FROM tollgate_customers c WHERE c.user_id = p_user;
    IF linked_customer IS NOT NULL AND linked_customer <> p_customer THEN
      note := format('Stripe customer %s names user %s, who is linked to customer %s',
                     p_customer, p_user, linked_customer);
      UPDATE tollgate_customers c SET link_conflict = p_customer, updated_at = now()
        WHERE c.user_id = p_user AND c.link_conflict IS DISTINCT FROM p_customer;
    ELSE
      INSERT INTO tollgate_customers AS c (user_id, customer_id, has_had_trial)
        VALUES (p_user, p_customer, p_trial)
        ON CONFLICT (user_id) DO UPDATE SET
          customer_id = COALESCE(c.customer_id, EXCLUDED.customer_id),
          has_had_trial = c.has_had_trial OR EXCLUDED.has_had_trial,
          link_conflict = NULL,
          updated_at = now()
        WHERE c.customer_id IS NULL OR (EXCLUDED.has_had_trial AND NOT c.has_had_trial)
           OR c.link_conflict IS NOT NULL;
    END IF;
  END IF;
  RETURN note;
END
$fn$;

-- tollgate_record_one(input, snapshot): `input` is {customer, expected version, user, trial,
-- event id, event type, event customer, status, stale seconds} as text, null where absent; it
-- answers {write outcome, version, claim outcome, attempts, note}, the same way. One array each
-- way because PGlite spends 5-7 µs of protocol work per parameter and per result column: ten
-- parameters and five columns cost a lone event about a sixth of its time on PGlite.
CREATE OR REPLACE FUNCTION tollgate_record_one(input text[], p_snapshot jsonb)
RETURNS text[] LANGUAGE plpgsql AS $fn$
DECLARE
  -- The expected version (input[2]), trial flag (input[4]) and stale seconds (input[9]) are cast
  -- where they are used: a typed variable's cast on entry cost PGlite 5 µs each.
  p_customer text := input[1];
  p_user text := input[3];
  p_id text := input[5];
  p_type text := input[6];
  p_event_customer text := input[7];
  p_status text := input[8];
  write_outcome text;
  version bigint;
  note text;
  claim_outcome text;
  claim_attempts int;
  current_snapshot jsonb;
BEGIN
  IF p_snapshot IS NOT NULL THEN
    UPDATE tollgate_snapshots s SET snapshot = p_snapshot, version = s.version + 1, synced_at = now()
      WHERE s.customer_id = p_customer AND s.version = input[2]::bigint
        AND (s.snapshot - 'syncedAt') IS DISTINCT FROM (p_snapshot - 'syncedAt')
      RETURNING s.version INTO version;
    IF FOUND THEN
      write_outcome := 'written';
    ELSE
      SELECT s.version, s.snapshot INTO version, current_snapshot
        FROM tollgate_snapshots s WHERE s.customer_id = p_customer;
      IF FOUND THEN
        write_outcome := CASE WHEN (current_snapshot - 'syncedAt') = (p_snapshot - 'syncedAt')
                              THEN 'unchanged' ELSE 'conflict' END;
      ELSIF input[2]::bigint = 0 THEN
        INSERT INTO tollgate_snapshots (customer_id, snapshot, version, synced_at)
          VALUES (p_customer, p_snapshot, 1, now()) ON CONFLICT (customer_id) DO NOTHING;
        IF FOUND THEN
          version := 1;
          write_outcome := 'written';
        ELSE
          SELECT s.version INTO version FROM tollgate_snapshots s WHERE s.customer_id = p_customer;
          write_outcome := 'conflict';
        END IF;
      ELSE
        version := 0;
        write_outcome := 'conflict';
      END IF;
    END IF;
    IF write_outcome <> 'conflict' AND (p_user IS NOT NULL OR input[4]::boolean) THEN
      note := tollgate_record_link(p_customer, p_user, input[4]::boolean);
    END IF;
  END IF;
  IF p_id IS NULL THEN
    RETURN ARRAY[write_outcome, version::text, NULL, NULL, note];
  ELSIF write_outcome = 'conflict' THEN
    RETURN ARRAY[write_outcome, version::text, 'skipped', NULL, note];
  END IF;
  INSERT INTO tollgate_events AS l (id, type, customer_id, status, finished_at)
    VALUES (p_id, p_type, p_event_customer, p_status,
            CASE WHEN p_status IN ('done', 'ignored') THEN now() END)
    ON CONFLICT (id) DO UPDATE SET
      status = EXCLUDED.status, attempts = l.attempts + 1, claimed_at = now(),
      finished_at = EXCLUDED.finished_at, error = NULL
    WHERE l.status = 'failed'
       OR (l.status = 'processing' AND l.claimed_at < now() - make_interval(secs => input[9]::float8))
    RETURNING l.attempts INTO claim_attempts;
  IF FOUND THEN
    claim_outcome := 'claimed';
  ELSE
    SELECT l.status INTO claim_outcome FROM tollgate_events l WHERE l.id = p_id;
  END IF;
  RETURN ARRAY[write_outcome, version::text, claim_outcome, claim_attempts::text, note];
END
$fn$;

CREATE OR REPLACE FUNCTION tollgate_record_batch(p_batch jsonb, p_stale_seconds float8)
RETURNS TABLE (kind text, idx int, outcome text, version bigint, attempts int, note text)
LANGUAGE plpgsql AS $fn$
DECLARE
  w record;
  e record;
  outcomes text[] := '{}';
  current_snapshot jsonb;
BEGIN
  -- Every write first, by customer; then every claim, by event id: one lock order for all.
  -- The write and the claim are tollgate_record_one's statements, written out: calling it per
  -- member cost the batch a quarter of its events per second at 16 in flight.
  FOR w IN SELECT * FROM jsonb_to_recordset(p_batch->'writes')
      AS x(n int, customer text, snapshot jsonb, expected bigint, "user" text, trial boolean) LOOP
    kind := 'sync'; idx := w.n; attempts := NULL; outcome := NULL; note := NULL;
    BEGIN
      UPDATE tollgate_snapshots s SET snapshot = w.snapshot, version = s.version + 1, synced_at = now()
        WHERE s.customer_id = w.customer AND s.version = w.expected
          AND (s.snapshot - 'syncedAt') IS DISTINCT FROM (w.snapshot - 'syncedAt')
        RETURNING s.version INTO version;
      IF FOUND THEN
        outcome := 'written';
      ELSE
        SELECT s.version, s.snapshot INTO version, current_snapshot
          FROM tollgate_snapshots s WHERE s.customer_id = w.customer;
        IF FOUND THEN
          outcome := CASE WHEN (current_snapshot - 'syncedAt') = (w.snapshot - 'syncedAt')
                          THEN 'unchanged' ELSE 'conflict' END;
        ELSIF w.expected = 0 THEN
          INSERT INTO tollgate_snapshots (customer_id, snapshot, version, synced_at)
            VALUES (w.customer, w.snapshot, 1, now()) ON CONFLICT (customer_id) DO NOTHING;
          IF FOUND THEN
            version := 1;
            outcome := 'written';
          ELSE
            SELECT s.version INTO version FROM tollgate_snapshots s WHERE s.customer_id = w.customer;
            outcome := 'conflict';
          END IF;
        ELSE
          version := 0;
          outcome := 'conflict';
        END IF;
      END IF;
      IF outcome <> 'conflict' AND (w."user" IS NOT NULL OR w.trial) THEN
        note := tollgate_record_link(w.customer, w."user", w.trial);
      END IF;
    EXCEPTION WHEN OTHERS THEN
      outcome := 'error'; note := SQLERRM; version := NULL;
    END;
    outcomes[w.n] := outcome;
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
        RETURNING l.attempts INTO attempts;
      IF FOUND THEN
        outcome := 'claimed';
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

-- marsad store, schema 2: search at archive scale (100,000+ articles).
--
-- 1. Every FTS row carries the rowid of the row it indexes (articles, quotes, events), so a
--    MATCH joins by integer rowid. Schema 1 looked up `article_id` in the FTS content table,
--    where it sits after the long body column, i.e. at the end of an overflow chain: one
--    chain walk per match. Rows written by schema 1 line up already (each FTS row was
--    written right after its row, in one transaction); any that do not are moved here.
--    The store is never VACUUMed by marsad: VACUUM may renumber rowids of tables without an
--    INTEGER PRIMARY KEY, which would break this link.
CREATE TEMP TABLE fts_fix AS
    SELECT f.rowid AS old, a.rowid AS new, f.title, f.body, f.article_id
    FROM articles_fts f LEFT JOIN articles a ON a.id = f.article_id
    WHERE a.rowid IS NOT f.rowid;
DELETE FROM articles_fts WHERE rowid IN (SELECT old FROM fts_fix);
INSERT INTO articles_fts(rowid, title, body, article_id)
    SELECT new, title, body, article_id FROM fts_fix
    WHERE new IS NOT NULL AND new NOT IN (SELECT rowid FROM articles_fts);
DROP TABLE fts_fix;

CREATE TEMP TABLE fts_fix AS
    SELECT f.rowid AS old, q.rowid AS new, f.text, f.speaker, f.article_id, f.qid
    FROM quotes_fts f LEFT JOIN quotes q ON q.article_id = f.article_id AND q.qid = f.qid
    WHERE q.rowid IS NOT f.rowid;
DELETE FROM quotes_fts WHERE rowid IN (SELECT old FROM fts_fix);
INSERT INTO quotes_fts(rowid, text, speaker, article_id, qid)
    SELECT new, text, speaker, article_id, qid FROM fts_fix
    WHERE new IS NOT NULL AND new NOT IN (SELECT rowid FROM quotes_fts);
DROP TABLE fts_fix;

CREATE TEMP TABLE fts_fix AS
    SELECT f.rowid AS old, v.rowid AS new, f.trigger, f.participants, f.article_id, f.vid
    FROM events_fts f LEFT JOIN events v ON v.article_id = f.article_id AND v.vid = f.vid
    WHERE v.rowid IS NOT f.rowid;
DELETE FROM events_fts WHERE rowid IN (SELECT old FROM fts_fix);
INSERT INTO events_fts(rowid, trigger, participants, article_id, vid)
    SELECT new, trigger, participants, article_id, vid FROM fts_fix
    WHERE new IS NOT NULL AND new NOT IN (SELECT rowid FROM events_fts);
DROP TABLE fts_fix;

-- 2. The distinct names of each kind. A name filter ("actor contains ترامب", tramb) is a
--    substring match; run over millions of entity rows it is a full scan, run here it scans
--    a few thousand distinct names and the matching keys then use the indexes below.
--    kind: entity | speaker | participant | place | event_place (the raw `events.place`,
--    matched like the place filter always did). Kept current by triggers, so every writer
--    (ingest, the API, the benchmark's bulk copy) maintains it.
CREATE TABLE names (
    kind     TEXT NOT NULL,
    name_key TEXT NOT NULL,
    PRIMARY KEY (kind, name_key)
) WITHOUT ROWID;
INSERT OR IGNORE INTO names SELECT DISTINCT 'entity', name_key FROM entities;
INSERT OR IGNORE INTO names SELECT DISTINCT 'speaker', speaker_key FROM quotes WHERE speaker_key IS NOT NULL;
INSERT OR IGNORE INTO names SELECT DISTINCT 'participant', name_key FROM participants;
INSERT OR IGNORE INTO names SELECT DISTINCT 'place', name_key FROM places;
INSERT OR IGNORE INTO names SELECT DISTINCT 'event_place', place FROM events WHERE place IS NOT NULL;

CREATE TRIGGER names_entities AFTER INSERT ON entities BEGIN
    INSERT OR IGNORE INTO names VALUES ('entity', NEW.name_key);
END;
CREATE TRIGGER names_quotes AFTER INSERT ON quotes WHEN NEW.speaker_key IS NOT NULL BEGIN
    INSERT OR IGNORE INTO names VALUES ('speaker', NEW.speaker_key);
END;
CREATE TRIGGER names_participants AFTER INSERT ON participants BEGIN
    INSERT OR IGNORE INTO names VALUES ('participant', NEW.name_key);
END;
CREATE TRIGGER names_places AFTER INSERT ON places BEGIN
    INSERT OR IGNORE INTO names VALUES ('place', NEW.name_key);
END;
CREATE TRIGGER names_events AFTER INSERT ON events WHEN NEW.place IS NOT NULL BEGIN
    INSERT OR IGNORE INTO names VALUES ('event_place', NEW.place);
END;

-- 3. Filter terms keyed by integer rowid. Every article-level filter (actor, speaker, event
--    type, place) is a range of `article_terms` giving article rowids, and every event-level
--    one (actor, speaker, type, place) a range of `event_terms` giving event rowids: filters
--    combine by intersecting integer sets (FTS matches are rowids too) and a page of results
--    is an index walk, with no lookups by text key. Filled by triggers, like `names`
--    (rows are written article first, then quotes, events, participants, places).
CREATE TABLE article_terms (
    kind  TEXT NOT NULL,   -- entity | entity_kb | speaker | speaker_kb | type | place | place_en
    value TEXT NOT NULL,
    art   INTEGER NOT NULL, -- articles.rowid
    PRIMARY KEY (kind, value, art)
) WITHOUT ROWID;
CREATE TABLE event_terms (
    kind  TEXT NOT NULL,   -- type | actor | actor_kb | speaker | place
    value TEXT NOT NULL,
    ev    INTEGER NOT NULL, -- events.rowid
    PRIMARY KEY (kind, value, ev)
) WITHOUT ROWID;

INSERT OR IGNORE INTO article_terms SELECT 'entity', e.name_key, a.rowid FROM entities e JOIN articles a ON a.id = e.article_id;
INSERT OR IGNORE INTO article_terms SELECT 'entity_kb', e.kb_id, a.rowid FROM entities e JOIN articles a ON a.id = e.article_id WHERE e.kb_id IS NOT NULL;
INSERT OR IGNORE INTO article_terms SELECT 'speaker', q.speaker_key, a.rowid FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.speaker_key IS NOT NULL;
INSERT OR IGNORE INTO article_terms SELECT 'speaker_kb', q.speaker_kb_id, a.rowid FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.speaker_kb_id IS NOT NULL;
INSERT OR IGNORE INTO article_terms SELECT 'type', v.type, a.rowid FROM events v JOIN articles a ON a.id = v.article_id;
INSERT OR IGNORE INTO article_terms SELECT 'place', p.name_key, a.rowid FROM places p JOIN articles a ON a.id = p.article_id;
INSERT OR IGNORE INTO article_terms SELECT 'place_en', lower(p.name_en), a.rowid FROM places p JOIN articles a ON a.id = p.article_id WHERE p.name_en IS NOT NULL;

INSERT OR IGNORE INTO event_terms SELECT 'type', type, rowid FROM events;
INSERT OR IGNORE INTO event_terms SELECT 'actor', p.name_key, v.rowid FROM participants p JOIN events v ON v.article_id = p.article_id AND v.vid = p.vid WHERE p.role = 'actor';
INSERT OR IGNORE INTO event_terms SELECT 'actor_kb', p.kb_id, v.rowid FROM participants p JOIN events v ON v.article_id = p.article_id AND v.vid = p.vid WHERE p.role = 'actor' AND p.kb_id IS NOT NULL;
INSERT OR IGNORE INTO event_terms SELECT 'speaker', q.speaker_key, v.rowid FROM events v JOIN quotes q ON q.article_id = v.article_id AND q.qid = v.quote_id WHERE q.speaker_key IS NOT NULL;
INSERT OR IGNORE INTO event_terms SELECT 'place', p.name_key, v.rowid FROM places p JOIN events v ON v.article_id = p.article_id AND v.place IN (p.name_en, p.name);

CREATE TRIGGER terms_entities AFTER INSERT ON entities BEGIN
    INSERT OR IGNORE INTO article_terms SELECT 'entity', NEW.name_key, rowid FROM articles WHERE id = NEW.article_id;
    INSERT OR IGNORE INTO article_terms SELECT 'entity_kb', NEW.kb_id, rowid FROM articles WHERE id = NEW.article_id AND NEW.kb_id IS NOT NULL;
END;
CREATE TRIGGER terms_quotes AFTER INSERT ON quotes BEGIN
    INSERT OR IGNORE INTO article_terms SELECT 'speaker', NEW.speaker_key, rowid FROM articles WHERE id = NEW.article_id AND NEW.speaker_key IS NOT NULL;
    INSERT OR IGNORE INTO article_terms SELECT 'speaker_kb', NEW.speaker_kb_id, rowid FROM articles WHERE id = NEW.article_id AND NEW.speaker_kb_id IS NOT NULL;
END;
CREATE TRIGGER terms_events AFTER INSERT ON events BEGIN
    INSERT OR IGNORE INTO article_terms SELECT 'type', NEW.type, rowid FROM articles WHERE id = NEW.article_id;
    INSERT OR IGNORE INTO event_terms VALUES ('type', NEW.type, NEW.rowid);
    INSERT OR IGNORE INTO event_terms SELECT 'speaker', speaker_key, NEW.rowid FROM quotes
        WHERE article_id = NEW.article_id AND qid = NEW.quote_id AND speaker_key IS NOT NULL;
END;
CREATE TRIGGER terms_participants AFTER INSERT ON participants WHEN NEW.role = 'actor' BEGIN
    INSERT OR IGNORE INTO event_terms SELECT 'actor', NEW.name_key, rowid FROM events WHERE article_id = NEW.article_id AND vid = NEW.vid;
    INSERT OR IGNORE INTO event_terms SELECT 'actor_kb', NEW.kb_id, rowid FROM events
        WHERE article_id = NEW.article_id AND vid = NEW.vid AND NEW.kb_id IS NOT NULL;
END;
CREATE TRIGGER terms_places AFTER INSERT ON places BEGIN
    INSERT OR IGNORE INTO article_terms SELECT 'place', NEW.name_key, rowid FROM articles WHERE id = NEW.article_id;
    INSERT OR IGNORE INTO article_terms SELECT 'place_en', lower(NEW.name_en), rowid FROM articles
        WHERE id = NEW.article_id AND NEW.name_en IS NOT NULL;
    INSERT OR IGNORE INTO event_terms SELECT 'place', NEW.name_key, rowid FROM events
        WHERE article_id = NEW.article_id AND place IN (NEW.name_en, NEW.name);
END;

-- 4. Slim copies of what the newest-first lists sort by, keyed by the row's rowid. An
--    article row is large (body and record spill over several pages), so reading its day
--    for thousands of candidate rows was the cost of a sort; here it is a small row, and
--    the day indexes below answer a page by walking them without touching the big rows.
CREATE TABLE article_days (
    art INTEGER PRIMARY KEY,        -- articles.rowid
    day TEXT,                       -- published_day
    id  TEXT NOT NULL
);
INSERT INTO article_days SELECT rowid, published_day, id FROM articles;
CREATE INDEX article_days_day ON article_days(day DESC, id);
CREATE TRIGGER days_articles_add AFTER INSERT ON articles BEGIN
    INSERT INTO article_days VALUES (NEW.rowid, NEW.published_day, NEW.id);
END;
CREATE TRIGGER days_articles_del AFTER DELETE ON articles BEGIN
    DELETE FROM article_days WHERE art = OLD.rowid;
END;

CREATE TABLE event_days (
    ev            INTEGER PRIMARY KEY,  -- events.rowid
    day           TEXT,                 -- the event's own date, else its article's day
    article_id    TEXT NOT NULL,
    trigger_start INTEGER NOT NULL,
    type          TEXT NOT NULL
);
INSERT INTO event_days SELECT rowid, coalesce(substr(date, 1, 10), published_day), article_id, trigger_start, type FROM events;
CREATE INDEX event_days_day ON event_days(day DESC, article_id, trigger_start);
CREATE INDEX event_days_type ON event_days(type, day DESC, article_id, trigger_start);
CREATE TRIGGER days_events_add AFTER INSERT ON events BEGIN
    INSERT INTO event_days VALUES (NEW.rowid, coalesce(substr(NEW.date, 1, 10), NEW.published_day),
                                   NEW.article_id, NEW.trigger_start, NEW.type);
END;
CREATE TRIGGER days_events_del AFTER DELETE ON events BEGIN
    DELETE FROM event_days WHERE ev = OLD.rowid;
END;

-- 5. Exact row counts kept by triggers: the total of an unfiltered list is one row read,
--    not a count over 750,000 index entries.
CREATE TABLE row_counts (tbl TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO row_counts SELECT 'articles', count(*) FROM articles;
INSERT INTO row_counts SELECT 'quotes', count(*) FROM quotes;
INSERT INTO row_counts SELECT 'events', count(*) FROM events;
CREATE TRIGGER count_articles_add AFTER INSERT ON articles BEGIN UPDATE row_counts SET n = n + 1 WHERE tbl = 'articles'; END;
CREATE TRIGGER count_articles_del AFTER DELETE ON articles BEGIN UPDATE row_counts SET n = n - 1 WHERE tbl = 'articles'; END;
CREATE TRIGGER count_quotes_add AFTER INSERT ON quotes BEGIN UPDATE row_counts SET n = n + 1 WHERE tbl = 'quotes'; END;
CREATE TRIGGER count_quotes_del AFTER DELETE ON quotes BEGIN UPDATE row_counts SET n = n - 1 WHERE tbl = 'quotes'; END;
CREATE TRIGGER count_events_add AFTER INSERT ON events BEGIN UPDATE row_counts SET n = n + 1 WHERE tbl = 'events'; END;
CREATE TRIGGER count_events_del AFTER DELETE ON events BEGIN UPDATE row_counts SET n = n - 1 WHERE tbl = 'events'; END;

-- 6. Indexes shaped like the queries: filter column(s) first, then what the query reads or
--    orders by, so the newest-first page is an index walk.
DROP INDEX IF EXISTS entities_key;
DROP INDEX IF EXISTS entities_kb;
CREATE INDEX entities_key ON entities(name_key, article_id);
CREATE INDEX entities_kb ON entities(kb_id, article_id);

CREATE INDEX articles_id_day ON articles(id, published_day);

DROP INDEX IF EXISTS quotes_speaker;
DROP INDEX IF EXISTS quotes_speaker_key;
CREATE INDEX quotes_speaker ON quotes(speaker_kb_id);
CREATE INDEX quotes_speaker_key ON quotes(speaker_key);
CREATE INDEX quotes_day ON quotes(published_day DESC, article_id, start);

DROP INDEX IF EXISTS events_type;  -- event_days_type and event_terms serve type filters
CREATE INDEX events_place ON events(place);

DROP INDEX IF EXISTS participants_kb;
DROP INDEX IF EXISTS participants_key;
CREATE INDEX participants_kb ON participants(kb_id, role);
CREATE INDEX participants_key ON participants(name_key, role);

DROP INDEX IF EXISTS places_key;
CREATE INDEX places_key ON places(name_key, article_id);
CREATE INDEX places_en ON places(lower(name_en), article_id);

-- 7. Statistics for the planner (schema 1 never ran ANALYZE; without it SQLite guesses
--    that every index is equally selective). A sample per index is enough for ratios, and
--    keeps this step seconds long on a large store; an empty store records nothing here.
PRAGMA analysis_limit = 2000;
ANALYZE;

-- marsad store, schema 1. One row per analysed article, keyed by a hash of its body text,
-- plus one table per annotation layer for filtering, and FTS5 indexes over text that was
-- normalised in Python (FTS5's tokenizer would split words at harakat).
CREATE TABLE articles (
    id            TEXT PRIMARY KEY,          -- content hash of the body text
    doc_id        TEXT NOT NULL,             -- the article id given at ingest
    title         TEXT,
    outlet        TEXT,
    byline        TEXT,
    url           TEXT,
    published     TEXT,
    published_day TEXT,                      -- YYYY-MM-DD, for date filters
    text          TEXT NOT NULL,
    record        TEXT NOT NULL,             -- the full marsad.analysis/1 record (JSON)
    source        TEXT,                      -- where it was read from (file, URL, feed)
    ingested_at   TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published_day);
CREATE INDEX articles_doc_id ON articles(doc_id);
CREATE INDEX articles_url ON articles(url);

CREATE TABLE entities (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    eid        TEXT NOT NULL,
    type       TEXT NOT NULL,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL,                -- normalised name for lookups
    name_en    TEXT,
    kb_id      TEXT,
    sector     TEXT,
    country    TEXT,
    mentions   INTEGER NOT NULL,
    PRIMARY KEY (article_id, eid)
);
CREATE INDEX entities_kb ON entities(kb_id);
CREATE INDEX entities_key ON entities(name_key);

CREATE TABLE mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    eid        TEXT NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL
);
CREATE INDEX mentions_article ON mentions(article_id, eid);

CREATE TABLE quotes (
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    qid            TEXT NOT NULL,
    kind           TEXT NOT NULL,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    text           TEXT NOT NULL,
    cue            TEXT,
    speaker_entity TEXT,
    speaker_text   TEXT,
    speaker_name   TEXT,                     -- the speaker entity's name, else speaker_text
    speaker_key    TEXT,
    speaker_kb_id  TEXT,
    addressee      TEXT,
    relayed_by     TEXT,
    published_day  TEXT,
    PRIMARY KEY (article_id, qid)
);
CREATE INDEX quotes_speaker ON quotes(speaker_kb_id);
CREATE INDEX quotes_speaker_key ON quotes(speaker_key);

CREATE TABLE events (
    article_id    TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    vid           TEXT NOT NULL,
    type          TEXT NOT NULL,
    mode          TEXT,
    context       TEXT,
    trigger       TEXT NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end   INTEGER NOT NULL,
    actors        TEXT,                      -- display names joined by " | "
    targets       TEXT,
    place         TEXT,
    lat           REAL,
    lon           REAL,
    country       TEXT,
    date          TEXT,
    quote_id      TEXT,
    status        TEXT NOT NULL,
    confidence    REAL,
    published_day TEXT,
    PRIMARY KEY (article_id, vid)
);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_date ON events(date);

CREATE TABLE participants (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    vid        TEXT NOT NULL,
    role       TEXT NOT NULL,                -- actor | target
    eid        TEXT,
    kb_id      TEXT,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL
);
CREATE INDEX participants_kb ON participants(kb_id);
CREATE INDEX participants_key ON participants(name_key);
CREATE INDEX participants_event ON participants(article_id, vid);

CREATE TABLE times (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    value      TEXT,
    type       TEXT NOT NULL
);
CREATE INDEX times_article ON times(article_id);

CREATE TABLE places (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    eid         TEXT,
    kb_id       TEXT,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    name_en     TEXT,
    geonames_id INTEGER,
    lat         REAL,
    lon         REAL,
    country     TEXT,
    kind        TEXT NOT NULL,
    mentions    INTEGER NOT NULL
);
CREATE INDEX places_key ON places(name_key);
CREATE INDEX places_article ON places(article_id);

CREATE TABLE failures (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    source    TEXT NOT NULL,
    stage     TEXT,
    reason    TEXT NOT NULL,
    at        TEXT NOT NULL
);

CREATE TABLE feed_items (
    feed      TEXT NOT NULL,
    item_key  TEXT NOT NULL,                 -- guid or link
    seen_at   TEXT NOT NULL,
    PRIMARY KEY (feed, item_key)
);

CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, article_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE quotes_fts USING fts5(text, speaker, article_id UNINDEXED, qid UNINDEXED, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE events_fts USING fts5(trigger, participants, article_id UNINDEXED, vid UNINDEXED, tokenize = 'unicode61 remove_diacritics 0');

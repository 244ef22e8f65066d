using Gleaner.Storage.Samples;

namespace Gleaner.Postgres;

/// <summary>
/// The sample store's part of the watch tables (see <see cref="WatchTables"/>): each target's state, one row per
/// sample and one per event.
/// </summary>
/// <remarks>
/// Times are <c>timestamptz</c> cut to the millisecond, as the SQLite store keeps them; phase timings are ticks
/// (<c>interval</c> keeps only microseconds, and a sample's timings come back exactly). Outcomes and event kinds are
/// their wire names. Target names sort bytewise (<c>COLLATE "C"</c>, ordinal for all but astral characters), whatever the
/// database's locale, so pages follow the key's index. There are no foreign keys: a sample is written with its
/// target's row in one transaction, and a key check on every insert would only slow many silos writing at once.
/// <para>
/// Free texts (a sample's value, unit and error; an event's from, to and message; a state's url, unit, validators,
/// value and cookies) are kept as <see cref="StoredText"/> writes them: as they are, unless they hold U+0000, which
/// <c>text</c> cannot, or the escape <c>␀</c> (U+2400): then U+0000 is <c>␀0</c> and <c>␀</c> is <c>␀␀</c>. Target
/// names are kept as they are; one that holds U+0000 is refused.
/// </para>
/// </remarks>
internal static class SampleTables
{
    public static readonly WatchSchemaPart Part = new(
        "sample store",
        "samples_schema",
        ["gleaner_watch_targets", "gleaner_watch_samples", "gleaner_watch_events"],
        (message, server) => server is null ? new SampleStoreMismatchException(message) : new SampleStoreMismatchException(message, server),
    [
        // 1. A sample is unique by (target, due) and an event by (target, at, kind, message), so a batch written again
        // (a retry after a lost commit, a sample taken twice after a silo died) is stored once. The message is in the
        // event's key because two notifications of one change may settle in the same millisecond; hashed, so a long
        // message cannot outgrow an index row.
        """
        CREATE TABLE gleaner_watch_targets (
            name text COLLATE "C" PRIMARY KEY,
            url text,
            unit text,
            last_due timestamptz,
            last_at timestamptz,
            etag text,
            last_modified text,
            outcome text,
            value text,
            number double precision,
            changed_at timestamptz,
            failures integer NOT NULL DEFAULT 0,
            cookies text);
        CREATE TABLE gleaner_watch_samples (
            target text COLLATE "C" NOT NULL,
            due timestamptz NOT NULL,
            started timestamptz NOT NULL,
            finished timestamptz NOT NULL,
            outcome text NOT NULL,
            value text,
            number double precision,
            unit text,
            status integer,
            dns_ticks bigint NOT NULL,
            connect_ticks bigint NOT NULL,
            tls_ticks bigint NOT NULL,
            headers_ticks bigint NOT NULL,
            body_ticks bigint NOT NULL,
            total_ticks bigint NOT NULL,
            wire_bytes bigint NOT NULL,
            attempts integer NOT NULL,
            not_modified boolean NOT NULL,
            changed boolean NOT NULL,
            error text,
            PRIMARY KEY (target, due));
        CREATE TABLE gleaner_watch_events (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            target text COLLATE "C" NOT NULL,
            at timestamptz NOT NULL,
            kind text NOT NULL,
            from_value text,
            to_value text,
            outcome text NOT NULL,
            message text,
            failures integer NOT NULL);
        CREATE UNIQUE INDEX gleaner_watch_events_key ON gleaner_watch_events (target, at, kind, md5(coalesce(message, '')));
        CREATE INDEX gleaner_watch_events_by_time ON gleaner_watch_events (at);
        """,

        // 2. Free texts are escaped where they hold U+0000 or ␀ (StoredText): a ␀ that version 1 kept as written is
        // doubled, so that it reads back as itself.
        """
        UPDATE gleaner_watch_targets SET url = replace(url, '␀', '␀␀'), unit = replace(unit, '␀', '␀␀'),
            etag = replace(etag, '␀', '␀␀'), last_modified = replace(last_modified, '␀', '␀␀'),
            value = replace(value, '␀', '␀␀'), cookies = replace(cookies, '␀', '␀␀')
            WHERE strpos(concat(url, unit, etag, last_modified, value, cookies), '␀') > 0;
        UPDATE gleaner_watch_samples SET value = replace(value, '␀', '␀␀'), unit = replace(unit, '␀', '␀␀'),
            error = replace(error, '␀', '␀␀')
            WHERE strpos(concat(value, unit, error), '␀') > 0;
        UPDATE gleaner_watch_events SET from_value = replace(from_value, '␀', '␀␀'), to_value = replace(to_value, '␀', '␀␀'),
            message = replace(message, '␀', '␀␀')
            WHERE strpos(concat(from_value, to_value, message), '␀') > 0;
        """,
    ]);
}

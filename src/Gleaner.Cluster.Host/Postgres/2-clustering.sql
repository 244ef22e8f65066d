-- Gleaner's schema for Orleans' ADO.NET providers on PostgreSQL, part 2 of 3: the membership table.
-- One version row per cluster (Orleans' "deployment"): every change to the cluster's rows bumps it, and a change
-- made against an older version changes nothing and answers 0, so two silos never both win (Orleans' membership
-- protocol: optimistic concurrency on the table version). Each statement is one SQL statement, so it is atomic.
CREATE TABLE IF NOT EXISTS gleaner_membership_version
(
    deployment_id text PRIMARY KEY,
    version integer NOT NULL DEFAULT 0,
    changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS gleaner_membership
(
    deployment_id text NOT NULL REFERENCES gleaner_membership_version (deployment_id) ON DELETE CASCADE,
    address text NOT NULL,
    port integer NOT NULL,
    generation integer NOT NULL,
    silo_name text NOT NULL,
    host_name text NOT NULL,
    status integer NOT NULL,
    proxy_port integer NOT NULL,
    suspect_times text NULL,
    start_time timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO gleaner_membership_version (deployment_id) VALUES (@DeploymentId)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1)
SELECT count(*) FROM created
$q$),
-- The version row is locked first and kept only if it still holds @Version after the lock (READ COMMITTED
-- re-checks the condition on the newest row), so the insert and the bump happen together or not at all.
('InsertMembershipKey', $q$
WITH expected AS (
    SELECT deployment_id FROM gleaner_membership_version
    WHERE deployment_id = @DeploymentId AND version = @Version
    FOR UPDATE),
added AS (
    INSERT INTO gleaner_membership
        (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
    SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM expected
    ON CONFLICT DO NOTHING
    RETURNING deployment_id),
bumped AS (
    UPDATE gleaner_membership_version SET version = version + 1, changed_at = now()
    WHERE deployment_id IN (SELECT deployment_id FROM added)
    RETURNING 1)
SELECT count(*) FROM bumped
$q$),
('UpdateMembershipKey', $q$
WITH expected AS (
    SELECT deployment_id FROM gleaner_membership_version
    WHERE deployment_id = @DeploymentId AND version = @Version
    FOR UPDATE),
changed AS (
    UPDATE gleaner_membership m
    SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = GREATEST(m.i_am_alive_time, @IAmAliveTime)
    FROM expected e
    WHERE m.deployment_id = e.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING m.deployment_id),
bumped AS (
    UPDATE gleaner_membership_version SET version = version + 1, changed_at = now()
    WHERE deployment_id IN (SELECT deployment_id FROM changed)
    RETURNING 1)
SELECT count(*) FROM bumped
$q$),
-- A heartbeat: not versioned (Orleans expects it never to conflict) and never moves the time backwards.
('UpdateIAmAlivetimeKey', $q$
UPDATE gleaner_membership SET i_am_alive_time = GREATEST(i_am_alive_time, @IAmAliveTime)
WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$q$),
-- Both reads answer the version row even when no silo row matches (then the silo columns are NULL).
('MembershipReadRowKey', $q$
SELECT v.deployment_id AS "DeploymentId", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime",
       v.version AS "Version"
FROM gleaner_membership_version v
LEFT JOIN gleaner_membership m
    ON m.deployment_id = v.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId
$q$),
('MembershipReadAllKey', $q$
SELECT v.deployment_id AS "DeploymentId", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime",
       v.version AS "Version"
FROM gleaner_membership_version v
LEFT JOIN gleaner_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId
$q$),
-- The silo rows go with their version row (ON DELETE CASCADE).
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM gleaner_membership_version WHERE deployment_id = @DeploymentId
$q$),
('GatewaysQueryKey', $q$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
FROM gleaner_membership
WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0
$q$),
-- Pruning of silos long dead (status 6 is SiloStatus.Dead), by age or one row at a time as Orleans decides.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM gleaner_membership
WHERE deployment_id = @DeploymentId AND status = 6 AND i_am_alive_time < @IAmAliveTime AND start_time < @IAmAliveTime
$q$),
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM gleaner_membership
WHERE deployment_id = @DeploymentId AND status = 6 AND address = @Address AND port = @Port AND generation = @Generation
$q$)
ON CONFLICT (QueryKey) DO NOTHING;

-- Gleaner's schema for Orleans' ADO.NET providers on PostgreSQL, part 1 of 3: the query table.
-- Written for Gleaner against the providers' contract (Microsoft.Orleans.Clustering.AdoNet and
-- Microsoft.Orleans.Reminders.AdoNet 10.4.2): at start each provider runs
-- "SELECT QueryKey, QueryText FROM OrleansQuery" and then only the statements it finds there, binding its values
-- by parameter name (@DeploymentId, @Version, ...) and reading results by column name ("Version", "StartTime", ...).
-- gleaner-cluster runs parts 1-3 in one transaction under an advisory lock when a key is missing; every part can
-- run again without harm.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey varchar(64) PRIMARY KEY,
    QueryText text NOT NULL
);

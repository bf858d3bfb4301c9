-- One row per load that replaced the source tables, written in the load's
-- own transaction: where its data came from. A deploy, or a run without
-- --data, loads a generated sample only when the latest load was a sample
-- too (or there was none), so a team's own data is never replaced by one.
--   origin       sample | files
--   detail       which sample (kind, size, seed), or the path loaded
--   rows_loaded  rows of transactions after the load

create table load_history (
    loaded_at timestamp not null encode az64,
    origin varchar(16) not null encode bytedict,
    detail varchar(512) not null encode zstd,
    rows_loaded bigint not null encode az64
)
diststyle all
sortkey (loaded_at);

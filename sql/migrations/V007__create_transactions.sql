-- The canonical transactions every RFM and lifetime-value view reads,
-- whatever the team's files look like: the load maps each source format
-- onto it (actions/lib/sources/). Grain: one row per source row of a
-- transaction: a purchase, or a refund sharing its transaction_id.
--   transaction_id  the team's id, or `<file>:<line>` when none is mapped
--   occurred_at     UTC when the source gave an offset, else as written
--   amount          negative for a refund
--   status          the team's status, when mapped

create table transactions (
    transaction_id varchar(256) not null encode zstd,
    customer_id varchar(256) not null encode zstd,
    occurred_at timestamp not null encode az64,
    amount decimal(18, 4) not null encode az64,
    status varchar(64) encode bytedict
)
diststyle key
distkey (customer_id)
compound sortkey (occurred_at);

-- Statuses whose transactions are not purchases (source.excludeStatuses),
-- written by every load with its transactions.
create table excluded_statuses (
    status varchar(64) not null,
    primary key (status)
)
diststyle all;

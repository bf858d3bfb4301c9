-- How the latest load's source counts its transactions; exactly one row,
-- replaced by every load in its own transaction.
--   zero_amount_purchases  a transaction of amount 0 with no refund is a
--                          purchase (source.zeroAmounts: purchase), as in
--                          the CDNOW data, rather than left out

create table source_settings (
    settings_id smallint not null,
    zero_amount_purchases boolean not null,
    primary key (settings_id)
)
diststyle all;

-- Until the next load: the Olist default, which every earlier load was.
insert into source_settings (settings_id, zero_amount_purchases) values (1, true);

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

-- Warehouses loaded before this migration hold Olist files: their orders
-- become transactions here, as every Olist load maps them
-- (actions/lib/sources/transactions.ts), so nothing loaded is lost.
insert into transactions (transaction_id, customer_id, occurred_at, amount, status)
select
    orders.order_id,
    customers.customer_unique_id,
    orders.order_purchase_timestamp,
    order_payments.amount,
    orders.order_status
from orders
inner join customers
    on orders.customer_id = customers.customer_id
inner join (
    select order_id, sum(payment_value) as amount
    from payments
    group by order_id
) as order_payments
    on orders.order_id = order_payments.order_id;

insert into excluded_statuses (status) values ('canceled'), ('unavailable');

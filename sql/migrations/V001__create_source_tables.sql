-- Source tables, one per Olist file, with the files' own column names.
-- customers is small and joined by every query: copied to every node.
-- orders and payments share order_id as distribution key, so the
-- order-value join never moves data between nodes.

create table customers (
    customer_id varchar(32) not null encode zstd,
    customer_unique_id varchar(32) not null encode zstd,
    customer_zip_code_prefix char(5) encode zstd,
    customer_city varchar(64) encode zstd,
    customer_state char(2) encode bytedict,
    primary key (customer_id)
)
diststyle all
sortkey (customer_id);

create table orders (
    order_id varchar(32) not null encode zstd,
    customer_id varchar(32) not null encode zstd,
    order_status varchar(16) not null encode bytedict,
    order_purchase_timestamp timestamp not null encode az64,
    order_approved_at timestamp encode az64,
    order_delivered_carrier_date timestamp encode az64,
    order_delivered_customer_date timestamp encode az64,
    order_estimated_delivery_date timestamp encode az64,
    primary key (order_id)
)
diststyle key
distkey (order_id)
compound sortkey (order_purchase_timestamp);

create table payments (
    order_id varchar(32) not null encode zstd,
    payment_sequential integer not null encode az64,
    payment_type varchar(16) not null encode bytedict,
    payment_installments integer not null encode az64,
    payment_value decimal(12, 2) not null encode az64,
    primary key (order_id, payment_sequential)
)
diststyle key
distkey (order_id)
sortkey (order_id);

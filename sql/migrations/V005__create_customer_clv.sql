-- One row per customer: the lifetime-value scores of the latest fit
-- (BG/NBD and Gamma-Gamma over customer_purchase_history). Replaced whole
-- by every run that fits the models.
--   p_alive             probability the customer is still active
--   expected_purchases  repeat occasions expected over the horizon
--   expected_avg_value  expected value of one occasion
--   clv                 expected margin over the horizon, discounted

create table customer_clv (
    customer_unique_id varchar(32) not null encode zstd,
    p_alive double precision not null encode raw,
    expected_purchases double precision not null encode raw,
    expected_avg_value double precision not null encode raw,
    clv double precision not null encode raw,
    primary key (customer_unique_id)
)
diststyle key
distkey (customer_unique_id)
sortkey (customer_unique_id);

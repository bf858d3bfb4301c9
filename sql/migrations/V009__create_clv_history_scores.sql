-- One row per distinct purchase history (repeat_occasions, t_x_days,
-- t_days) of the latest lifetime-value fit: what BG/NBD says about every
-- customer with that history, and Gamma-Gamma's expected occasion value
-- as a line in the customer's mean repeat value m:
--   expected_avg_value = value_intercept + value_slope * m   (m = 0 when x = 0)
--   clv                = clv_per_value * expected_avg_value
-- customer_clv is this table joined to customer_purchase_history, so
-- customers are scored in the warehouse, never one by one in the client.

create table clv_history_scores (
    repeat_occasions integer not null encode az64,
    t_x_days integer not null encode az64,
    t_days integer not null encode az64,
    p_alive double precision not null encode raw,
    expected_purchases double precision not null encode raw,
    value_intercept double precision not null encode raw,
    value_slope double precision not null encode raw,
    clv_per_value double precision not null encode raw,
    primary key (repeat_occasions, t_x_days, t_days)
)
diststyle all;

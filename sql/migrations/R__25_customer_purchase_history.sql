-- One row per customer with an eligible purchase before the as-of date: the
-- inputs of the lifetime-value models (BG/NBD, Gamma-Gamma). A purchase
-- occasion is a customer's calendar day with at least one eligible transaction;
-- its value is the sum of that day's transaction amounts.
--   repeat_occasions  x: occasions after the first
--   t_x_days          days from the first occasion to the last
--   t_days            days from the first occasion to the window's last day
--                     (the day before the as-of date)
--   mean_repeat_value mean value of the repeat occasions (null when x = 0)

drop view if exists public.customer_purchase_history cascade;

create view public.customer_purchase_history as

with

eligible_transactions as (
    select * from public.eligible_transactions
),

as_of as (
    select * from public.rfm_as_of
),

occasions as (
    select
        eligible_transactions.customer_unique_id,
        eligible_transactions.purchase_date,
        sum(eligible_transactions.amount) as occasion_value
    from eligible_transactions
    cross join as_of
    where eligible_transactions.purchase_date < as_of.as_of_date
    group by eligible_transactions.customer_unique_id, eligible_transactions.purchase_date
),

ranked as (
    select
        customer_unique_id,
        purchase_date,
        occasion_value,
        row_number() over (
            partition by customer_unique_id order by purchase_date
        ) as occasion_number
    from occasions
),

customers as (
    select
        customer_unique_id,
        count(*) - 1 as repeat_occasions,
        min(purchase_date) as first_purchase_date,
        max(purchase_date) as last_purchase_date,
        sum(case when occasion_number > 1 then occasion_value end)
            as repeat_value
    from ranked
    group by customer_unique_id
),

final as (
    select
        customers.customer_unique_id,
        customers.first_purchase_date,
        customers.last_purchase_date,
        customers.repeat_occasions,
        datediff(
            day, customers.first_purchase_date, customers.last_purchase_date
        ) as t_x_days,
        datediff(day, customers.first_purchase_date, as_of.as_of_date) - 1
            as t_days,
        case
            when customers.repeat_occasions > 0
                then cast(customers.repeat_value as double precision)
                / customers.repeat_occasions
        end as mean_repeat_value
    from customers
    cross join as_of
)

select * from final
with no schema binding;

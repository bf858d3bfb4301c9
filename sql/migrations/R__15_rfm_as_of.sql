-- One row: the as-of date every RFM and lifetime-value view measures from.
-- rfm_settings.as_of_date when set, else the day after the latest eligible
-- purchase. Purchases on or after it are outside the observation window.

drop view if exists public.rfm_as_of cascade;

create view public.rfm_as_of as

with

eligible_transactions as (
    select * from public.eligible_transactions
),

settings as (
    select * from public.rfm_settings
),

latest_purchase as (
    select max(purchase_date) + 1 as default_as_of_date
    from eligible_transactions
),

final as (
    select
        coalesce(settings.as_of_date, latest_purchase.default_as_of_date)
            as as_of_date
    from latest_purchase
    cross join settings
)

select * from final
with no schema binding;

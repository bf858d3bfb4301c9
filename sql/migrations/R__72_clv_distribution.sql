-- How many customers have a lifetime value in each range: ranges in 1-2-5
-- steps (under 1, 1 to 2, 2 to 5, 5 to 10, ...), from the lowest to the
-- highest range that holds a customer, empty ranges between them with 0.
-- No rows until a lifetime-value fit has scored the customers.

drop view if exists public.clv_distribution cascade;

create view public.clv_distribution as

with

customer_clv as (
    select * from public.customer_clv
),

---------- 1-2-5 steps up to 10 million, then one open range
ranges as (
    select
        0 as bin_order,
        cast(null as double precision) as lower_bound,
        cast(1 as double precision) as upper_bound,
        cast('< 1' as varchar(16)) as bin_label
    union all select 1, 1, 2, '1-2'
    union all select 2, 2, 5, '2-5'
    union all select 3, 5, 10, '5-10'
    union all select 4, 10, 20, '10-20'
    union all select 5, 20, 50, '20-50'
    union all select 6, 50, 100, '50-100'
    union all select 7, 100, 200, '100-200'
    union all select 8, 200, 500, '200-500'
    union all select 9, 500, 1000, '500-1k'
    union all select 10, 1000, 2000, '1k-2k'
    union all select 11, 2000, 5000, '2k-5k'
    union all select 12, 5000, 10000, '5k-10k'
    union all select 13, 10000, 20000, '10k-20k'
    union all select 14, 20000, 50000, '20k-50k'
    union all select 15, 50000, 100000, '50k-100k'
    union all select 16, 100000, 200000, '100k-200k'
    union all select 17, 200000, 500000, '200k-500k'
    union all select 18, 500000, 1000000, '500k-1M'
    union all select 19, 1000000, 2000000, '1M-2M'
    union all select 20, 2000000, 5000000, '2M-5M'
    union all select 21, 5000000, 10000000, '5M-10M'
    union all select 22, 10000000, null, '>= 10M'
),

binned as (
    select
        ranges.bin_order,
        count(*) as count_customers
    from customer_clv
    inner join ranges
        on (ranges.lower_bound is null or customer_clv.clv >= ranges.lower_bound)
        and (ranges.upper_bound is null or customer_clv.clv < ranges.upper_bound)
    group by ranges.bin_order
),

occupied as (
    select
        min(bin_order) as first_bin,
        max(bin_order) as last_bin,
        sum(count_customers) as all_customers
    from binned
),

distribution as (
    select
        ranges.bin_order,
        ranges.lower_bound,
        ranges.upper_bound,
        ranges.bin_label,
        coalesce(binned.count_customers, 0) as count_customers,
        cast(coalesce(binned.count_customers, 0) as double precision)
            / occupied.all_customers as share_customers
    from ranges
    cross join occupied
    left join binned
        on ranges.bin_order = binned.bin_order
    where ranges.bin_order between occupied.first_bin and occupied.last_bin
)

select * from distribution
with no schema binding;

-- A payment cannot be negative; refunds are not part of this data set.
select
    order_id,
    payment_sequential,
    payment_value
from public.payments
where payment_value < 0

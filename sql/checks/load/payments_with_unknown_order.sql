-- Payments for an order_id that is not in orders: revenue nobody owns.
select
    payments.order_id,
    payments.payment_sequential,
    payments.payment_value
from public.payments
left join public.orders
    on payments.order_id = orders.order_id
where orders.order_id is null

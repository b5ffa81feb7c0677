-- Paid revenue per region and plan over the billed months, ranked inside each region.
WITH invoice_lines AS (
    -- The billing system keys invoices by account_no, the digits of customer_id ('C00042' -> 42).
    SELECT
        s.region,
        s.plan,
        i.amount_cents,
        i.status
    FROM subscribers AS s
    JOIN invoices AS i
        ON i.account_no = CAST(substr(s.customer_id, 2) AS INTEGER)
),
by_plan AS (
    SELECT
        region,
        plan,
        count(*) AS invoices,
        count(*) FILTER (WHERE status = 'FAILED') AS failed,
        sum(amount_cents) FILTER (WHERE status = 'PAID') / 100 AS paid_revenue
    FROM invoice_lines
    GROUP BY region, plan
)
SELECT
    region,
    plan,
    invoices,
    failed,
    round(paid_revenue, 2) AS paid_revenue,
    RANK() OVER (PARTITION BY region ORDER BY paid_revenue DESC) AS rank_in_region,
    round(sum(paid_revenue) OVER (
        PARTITION BY region
        ORDER BY paid_revenue DESC, plan
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ), 2) AS running_total
FROM by_plan
ORDER BY region, rank_in_region, plan;

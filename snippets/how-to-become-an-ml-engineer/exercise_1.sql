-- Share of failed invoices per region in each billing period, ranked worst first.
WITH by_region AS (
    SELECT
        i.period,
        s.region,
        count(*) AS invoices,
        count(*) FILTER (WHERE i.status = 'FAILED') AS failed
    FROM subscribers AS s
    JOIN invoices AS i
        ON i.account_no = CAST(substr(s.customer_id, 2) AS INTEGER)
    GROUP BY i.period, s.region
)
SELECT
    period,
    region,
    invoices,
    failed,
    round(100.0 * failed / invoices, 1) AS failed_pct,
    RANK() OVER (PARTITION BY period ORDER BY failed / invoices DESC) AS rank_in_period
FROM by_region
ORDER BY period, rank_in_period, region;

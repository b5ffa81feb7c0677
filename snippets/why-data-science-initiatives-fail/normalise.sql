-- Give both sources one key, real dates and one unit of money before joining anything.
CREATE OR REPLACE VIEW customers AS
SELECT
    CAST(ltrim(customer_id, 'C') AS INTEGER) AS customer_no,          -- 'C00042'     -> 42
    plan,
    CAST(monthly_fee AS DECIMAL(8, 2)) AS monthly_fee,                -- '12.99'      -> 12.99
    CAST(strptime(signup_date, '%m/%d/%Y') AS DATE) AS signup_date    -- '06/16/2021' -> 2021-06-16
FROM crm;

CREATE OR REPLACE VIEW invoices AS
SELECT
    account_no AS customer_no,
    CAST(strptime(period, '%Y%m') AS DATE) AS billing_month,          -- '202406'     -> 2024-06-01
    CAST(amount_cents / 100 AS DECIMAL(8, 2)) AS amount,              -- 1299         -> 12.99
    status = 'PAID' AS paid
FROM billing;

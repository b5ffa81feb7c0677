-- June's predictions joined to the outcomes known on each day: how many can be judged yet?
WITH june AS (
    SELECT log.customer_id, log.score, labels.churned, labels.known_on
    FROM log
    JOIN labels USING (customer_id)
    WHERE month(log.as_of) = 6
),
days AS (
    SELECT unnest([DATE '2024-06-07', DATE '2024-06-30', DATE '2024-07-07',
                   DATE '2024-07-15', DATE '2024-07-31']) AS day
)
SELECT
    day,
    count(*) FILTER (WHERE known_on <= day) AS labelled,
    round(count(*) FILTER (WHERE known_on <= day) / count(*), 3) AS share_labelled,
    round(avg(churned::INTEGER) FILTER (WHERE known_on <= day), 3) AS churn_rate
FROM june
CROSS JOIN days
GROUP BY day
ORDER BY day

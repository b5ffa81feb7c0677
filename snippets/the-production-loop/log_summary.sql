-- What the prediction log holds after a month of traffic.
SELECT
    count(*) AS predictions,
    count(DISTINCT customer_id) AS customers,
    min(as_of)::DATE AS first_day,
    max(as_of)::DATE AS last_day,
    list_sort(list(DISTINCT model_version)) AS versions
FROM log

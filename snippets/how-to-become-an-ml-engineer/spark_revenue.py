"""The revenue query of run_sql.py in PySpark, on a two-core local "cluster" inside this machine."""

# --8<-- [start:setup]
import os
import warnings
from pathlib import Path

from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F

from subscribers import make_billing, make_subscribers

# pyspark 4.3 warns on every pandas conversion that it does not fully support pandas 3 yet;
# this page checks the results it gets instead (see the last line).
warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)
# --8<-- [end:setup]

# --8<-- [start:session]
os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"  # bind to loopback only, never to a network card
spark = (
    SparkSession.builder.master("local[2]")  # one process, two worker threads: no cluster
    .appName("streamwise-revenue")
    .config("spark.ui.enabled", "false")  # no web UI on port 4040
    .config("spark.sql.shuffle.partitions", "4")  # the default 200 suits a cluster, not 3,000 rows
    .config("spark.ui.showConsoleProgress", "false")
    # A JIT setting that starts short jobs faster; long jobs on a cluster are better without it.
    .config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1")
    .config("spark.log.level", "ERROR")
    .getOrCreate()
)
subscribers_pd = make_subscribers(n=1000, seed=42)
invoices_pd = make_billing(subscribers_pd, months=3)
subscribers = spark.createDataFrame(subscribers_pd[["customer_id", "region", "plan"]])
invoices = spark.createDataFrame(invoices_pd)
# --8<-- [end:session]

# --8<-- [start:dataframe_api]
lines = subscribers.join(
    invoices, invoices["account_no"] == F.substring("customer_id", 2, 5).cast("int")
)
by_plan = lines.groupBy("region", "plan").agg(
    F.count("*").alias("invoices"),
    F.count(F.when(F.col("status") == "FAILED", 1)).alias("failed"),
    (F.sum(F.when(F.col("status") == "PAID", F.col("amount_cents"))) / 100).alias("paid_revenue"),
)
ranked = Window.partitionBy("region").orderBy(F.desc("paid_revenue"))
running = ranked.orderBy(F.desc("paid_revenue"), "plan").rowsBetween(
    Window.unboundedPreceding, Window.currentRow
)
result = (
    by_plan.withColumn("rank_in_region", F.rank().over(ranked))
    .withColumn("running_total", F.round(F.sum("paid_revenue").over(running), 2))
    .withColumn("paid_revenue", F.round("paid_revenue", 2))
    .orderBy("region", "rank_in_region", "plan")  # Spark returns rows in no fixed order otherwise
)
table = result.toPandas()  # nothing has run until here: Spark plans lazily, then executes
print(table.to_string(index=False))
#> region     plan  invoices  failed  paid_revenue  rank_in_region  running_total
#>   east standard       243      17       2935.74               1        2935.74
#>   east    basic       321      14       2452.93               2        5388.67
#>   east  premium       120       4       2086.84               3        7475.51
#>  north standard       321      19       3922.98               1        3922.98
#>  north  premium       165       6       2860.41               2        6783.39
#>  north    basic       312      16       2365.04               3        9148.43
#>  south standard       258       9       3234.51               1        3234.51
#>  south    basic       378      14       2908.36               2        6142.87
#>  south  premium       138       9       2320.71               3        8463.58
#>   west standard       237      12       2922.75               1        2922.75
#>   west  premium       168       7       2896.39               2        5819.14
#>   west    basic       339      19       2556.80               3        8375.94
# --8<-- [end:dataframe_api]

# --8<-- [start:same_sql]
subscribers.createOrReplaceTempView("subscribers")
invoices.createOrReplaceTempView("invoices")
from_sql = spark.sql(Path("revenue_by_region.sql").read_text()).toPandas()
print("revenue_by_region.sql gives the same table on Spark:", from_sql.equals(table))
#> revenue_by_region.sql gives the same table on Spark: True
spark.stop()
# --8<-- [end:same_sql]

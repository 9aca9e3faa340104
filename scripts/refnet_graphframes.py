# refnet_graphframes.py: PageRank and two-hop partner candidates on a RefNet export.
#
# Usage:
#   spark-submit --packages graphframes:graphframes:0.8.4-spark3.5-s_2.12 \
#       scripts/refnet_graphframes.py DIR
# where DIR was written by `refnet export`. See docs/export-spark.md.
#
# Untested here: the development machine has no Spark, pyspark or GraphFrames.
# What the script relies on (the export's files, CSV quoting, partitions,
# PageRank over the exported edges) is tested by tests/reference/check_export.py.
import sys

from graphframes import GraphFrame
from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql.types import DoubleType, LongType, StringType, StructType

export = sys.argv[1]  # DIR written by `refnet export`: a local path, hdfs://…, s3a://…
spark = SparkSession.builder.appName("refnet-graphframes").getOrCreate()

# An explicit schema keeps NPIs and ZIP codes strings (inferSchema would make them
# numbers and drop leading zeros) and reads every export the same way.
vertex_schema = StructType()
for name in ["id", "name", "taxonomy", "specialty", "group", "city", "state", "zip"]:
    vertex_schema.add(name, StringType())
vertex_schema.add("lat", DoubleType()).add("lon", DoubleType())
edge_schema = StructType().add("src", StringType()).add("dst", StringType())
for name in ["count", "beneficiaries", "completed", "closed_loop"]:
    edge_schema.add(name, LongType())

# RFC 4180 quoting: quotes are doubled, and a quoted name may span lines.
csv_options = {"header": True, "escape": '"', "multiLine": True}
v = spark.read.csv(f"{export}/vertices", schema=vertex_schema, **csv_options)
e = spark.read.csv(f"{export}/edges", schema=edge_schema, **csv_options)
g = GraphFrame(v, e)

# PageRank. resetProbability 0.15 is RefNet's damping 0.85. GraphFrames ranks
# sum to the number of vertices; divide by it to compare with `refnet metrics`.
n = v.count()
ranked = g.pageRank(resetProbability=0.15, maxIter=20).vertices
(ranked.select("id", "name", (F.col("pagerank") / n).alias("pagerank"))
    .orderBy(F.desc("pagerank")).show(10, truncate=False))

# Two-hop candidates: a refers to b, b refers to c, a does not refer to c yet.
# Scored by the number of intermediaries b (common neighbours) and Adamic-Adar
# with b's out-degree, 1 / ln(max(2, out_degree(b))).
paths = g.find("(a)-[e1]->(b); (b)-[e2]->(c)").filter("a.id != c.id")
fan_out = g.outDegrees.withColumnRenamed("id", "via")
candidates = (
    paths.select(F.col("a.id").alias("src"), F.col("b.id").alias("via"),
                 F.col("c.id").alias("dst"))
    .join(e.select("src", "dst"), ["src", "dst"], "left_anti")  # drop existing a -> c
    .join(fan_out, "via")
    .groupBy("src", "dst")
    .agg(F.count("via").alias("common"),
         F.sum(1.0 / F.log(F.greatest(F.col("outDegree"), F.lit(2)))).alias("adamic_adar")))
best_first = Window.partitionBy("src").orderBy(F.desc("adamic_adar"), F.desc("common"), "dst")
top = candidates.withColumn("rank", F.row_number().over(best_first)).filter("rank <= 25")
top.write.mode("overwrite").parquet(f"{export}_two_hop_top25")
(spark.read.parquet(f"{export}_two_hop_top25")
    .filter(F.col("src") == "1866274545").orderBy("rank").show(10))

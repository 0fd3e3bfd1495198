#!/usr/bin/env bash
# Old and new jars back to back, alternating order, one thread, every workload but lstm-scale's 10^6.
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
cd /work/main
for round in 1 2; do
  for w in quad-meta mnist-meta mnist-apply lstm-scale; do
    order="old new"; [ $round = 2 ] && order="new old"
    for v in $order; do
      jar=/tmp/$v-learnopt.jar
      $J --add-modules jdk.incubator.vector -XX:+UseTransparentHugePages -Dlearnopt.home=/work/main -jar $jar bench --workload $w --threads 1 2>/dev/null | sed "s/^/$v $round /"
    done
  done
done

# Reference results from R's `surveillance` for the lintas-stats comparison test.
# Usage: Rscript reference.R OURS.csv OUT.csv [full]
# OURS.csv: name,date,count (weekly, dates are Mondays). OUT.csv gets two kinds of rows:
#   S,name,index,date,count               the series as R used it (1-based index)
#   R,name,method,index,value,alarm,aux   one result (value = upperbound; NA kept)
suppressMessages(library(surveillance))
args <- commandArgs(TRUE)
ours <- read.csv(args[1], stringsAsFactors = FALSE)
full <- length(args) >= 3 && args[3] == "full"
out <- file(args[2], "w")

series <- list()
add <- function(name, obs, dates) series[[gsub("[^A-Za-z0-9_.]", "_", name)]] <<- list(obs = as.integer(obs), dates = as.Date(dates))
# Package series. The disProg ones have no dates: give them consecutive Mondays.
data(salmNewport)
data(momo)
cap <- if (full) 100000 else 312
for (j in c(1, 2)) {
  o <- observed(salmNewport)[, j]; d <- as.Date(salmNewport@epoch, origin = "1970-01-01")
  k <- seq_len(min(length(o), cap)); add(paste0("salmNewport.", colnames(observed(salmNewport))[j]), o[k], d[k])
}
for (j in c(7, 8)) {
  o <- observed(momo)[, j]; d <- as.Date(momo@epoch, origin = "1970-01-01")
  k <- seq_len(min(length(o), cap)); add(paste0("momo.", colnames(observed(momo))[j]), o[k], d[k])
}
for (nm in c("h1_nrwrp", "k1", "n1", "n2", "s3")) {
  e <- new.env(); data(list = nm, envir = e); o <- get(nm, envir = e)$observed
  add(nm, o, seq(as.Date("2001-01-01"), by = 7, length.out = length(o)))
}
for (nm in unique(ours$name)) {
  s <- ours[ours$name == nm, ]
  add(nm, s$count, as.Date(s$date))
}

fmt <- function(x) ifelse(is.na(x), "NA", formatC(x, digits = 17, format = "g"))
emit <- function(name, method, idx, value, alarm, aux = NA) {
  writeLines(paste("R", name, method, idx, fmt(value), ifelse(is.na(alarm), "NA", as.integer(alarm)), fmt(aux), sep = ","), out)
}
for (name in names(series)) {
  s <- series[[name]]; n <- length(s$obs)
  writeLines(paste("S", name, seq_len(n), format(s$dates), s$obs, sep = ","), out)
  x <- new("sts", observed = matrix(s$obs, ncol = 1), epoch = as.numeric(s$dates),
           epochAsDate = TRUE, freq = 52, start = c(2000, 1))
  # Farrington flexible with the settled controls on the last 52 evaluable weeks
  # (R needs ~40 ms per week; `full` evaluates every week).
  first <- 52 * 3 + 3 + 1
  if (n >= first) {
    from <- if (full) first else max(first, n - 51)
    r <- farringtonFlexible(x, control = list(range = from:n, b = 3, w = 3, noPeriods = 10,
      pastWeeksNotIncluded = 26, weightsThreshold = 2.58, pThresholdTrend = 1,
      thresholdMethod = "muan", limit54 = c(5, 4), populationOffset = FALSE, alpha = 0.01,
      glmWarnings = FALSE))
    for (i in seq_along(from:n)) emit(name, "farrington", (from:n)[i], upperbound(r)[i], alarms(r)[i], r@control$expected[i])
  }
  for (m in c("C1", "C2", "C3")) {
    r <- earsC(x, control = list(method = m, baseline = 7, alpha = 0.01))
    rng <- r@control$range
    for (i in seq_along(rng)) emit(name, paste0("ears-", tolower(m)), rng[i], upperbound(r)[i], alarms(r)[i])
  }
  # GLR-CUSUM: mu0 (and alpha = 1/theta) fitted by glm.nb on the first year.
  rng <- 53:n
  r <- suppressMessages(glrnb(x, control = list(range = rng, c.ARL = 5, ret = "value")))
  for (i in seq_along(rng)) emit(name, "glrnb", rng[i], upperbound(r)[i], alarms(r)[i], r@control$mu0[i])
  r <- suppressMessages(glrnb(x, control = list(range = rng, c.ARL = 5, alpha = 0, ret = "cases")))
  for (i in seq_along(rng)) emit(name, "glrpois-cases", rng[i], upperbound(r)[i], alarms(r)[i], r@control$mu0[i])
}
close(out)

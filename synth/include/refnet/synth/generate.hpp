// Synthetic referral data for demos, tests and benchmarks: a simulated market
// (market.hpp) around the metros of metros.hpp, or a national-scale CMS edge
// list (cms.hpp). The simulator sits one floor above io: it makes NPIs with
// io's rules and writes files with io's writers.
#pragma once

#include <refnet/synth/cms.hpp>
#include <refnet/synth/market.hpp>
#include <refnet/synth/metros.hpp>

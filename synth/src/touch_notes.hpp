// What a liaison's contact of each kind says in touchpoints.csv's note
// column, indexed by graph::TouchKind.
#pragma once

#include <array>
#include <string_view>

namespace refnet::synth {

inline constexpr std::array<std::string_view, 7> kTouchNotes{
    "Met the referral coordinator at their office", "Lunch with the clinical team",
    "Check-in call about shared patients",          "Sent our updated referral guide",
    "Thank-you note for recent referrals",          "Met at a community health event",
    "Hosted a lunch-and-learn on our services"};

}  // namespace refnet::synth

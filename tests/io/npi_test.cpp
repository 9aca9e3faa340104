// NPI check digits: CMS's worked example and real NPIs.
#include <gtest/gtest.h>

#include <refnet/io/npi.hpp>

namespace refnet::io {
namespace {

TEST(Npi, LuhnCheckDigitWithThe80840Prefix) {
    // CMS's worked example: 123456789 -> check digit 3.
    EXPECT_EQ(make_npi(123456789), "1234567893");
    EXPECT_TRUE(valid_npi("1234567893"));
    EXPECT_FALSE(valid_npi("1234567890"));
    // Real NPIs from the NPPES sample.
    EXPECT_TRUE(valid_npi("1679576722"));
    EXPECT_TRUE(valid_npi("1588667638"));
    EXPECT_FALSE(valid_npi("123456789"));
    EXPECT_FALSE(valid_npi("12345678a3"));
    EXPECT_TRUE(valid_npi("1866274545"));  // the sample's Mary White, MD
    EXPECT_FALSE(valid_npi("clinic-7"));
}

TEST(Npi, ShapeIsTenDigits) {
    EXPECT_TRUE(npi_shaped("1234567890"));  // shaped, though its check digit fails
    EXPECT_FALSE(npi_shaped("123456789"));
    EXPECT_FALSE(npi_shaped("12345678a0"));
}

}  // namespace
}  // namespace refnet::io

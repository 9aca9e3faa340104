// One array of the Context: owned while the Context is built, or a view of the
// same bytes inside a snapshot (fast/stored_context.cpp). A national context is
// over a gigabyte; copying it out of the mapping would cost more than the
// 1-second cold start allows, so a stored context is read in place.
//
// Building code uses it like the std::vector it owns; reading code sees a
// contiguous run of T either way.
#pragma once

#include <cassert>
#include <cstddef>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

namespace refnet::scoring {

template <typename T>
class Column {
    static_assert(std::is_trivially_copyable_v<T>);

   public:
    Column() = default;
    Column(std::vector<T> values) : owned_(std::move(values)) { point_at_owned(); }  // NOLINT
    Column(const Column& other) : owned_(other.owned_), view_(other.view_) {
        if (other.owns()) point_at_owned();
    }
    Column(Column&& other) noexcept : owned_(std::move(other.owned_)), view_(other.view_) {
        // A moved vector keeps its buffer, so an owned view stays valid.
        other.view_ = {};
    }
    Column& operator=(Column other) noexcept {
        owned_.swap(other.owned_);
        std::swap(view_, other.view_);
        return *this;
    }
    ~Column() = default;

    /// A column reading `values` in place; whoever made it keeps them alive.
    [[nodiscard]] static Column viewing(std::span<const T> values) {
        Column c;
        c.view_ = values;
        return c;
    }
    [[nodiscard]] bool owns() const { return view_.data() == owned_.data(); }

    // Reading: the same for owned and viewed columns.
    [[nodiscard]] std::size_t size() const { return view_.size(); }
    [[nodiscard]] bool empty() const { return view_.empty(); }
    [[nodiscard]] const T* data() const { return view_.data(); }
    [[nodiscard]] const T& operator[](std::size_t i) const { return view_[i]; }
    [[nodiscard]] const T* begin() const { return view_.data(); }
    [[nodiscard]] const T* end() const { return view_.data() + view_.size(); }
    [[nodiscard]] const T& back() const { return view_.back(); }
    operator std::span<const T>() const { return view_; }  // NOLINT: reads as the array it is
    [[nodiscard]] std::span<const T> span() const { return view_; }

    // Building: only an owned column changes.
    T& operator[](std::size_t i) {
        assert(owns());
        return owned_[i];
    }
    [[nodiscard]] T* data() {
        assert(owns());
        return owned_.data();
    }
    auto begin() {
        assert(owns());
        return owned_.begin();
    }
    auto end() {
        assert(owns());
        return owned_.end();
    }
    void resize(std::size_t size) {
        edit([&] { owned_.resize(size); });
    }
    void resize(std::size_t size, const T& value) {
        edit([&] { owned_.resize(size, value); });
    }
    void assign(std::size_t size, const T& value) {
        edit([&] { owned_.assign(size, value); });
    }
    template <typename It>
    void assign(It first, It last) {
        edit([&] { owned_.assign(first, last); });
    }
    void push_back(const T& value) {
        edit([&] { owned_.push_back(value); });
    }
    template <typename It>
    void append(It first, It last) {
        edit([&] { owned_.insert(owned_.end(), first, last); });
    }
    void reserve(std::size_t size) {
        edit([&] { owned_.reserve(size); });
    }
    void clear() {
        edit([&] { owned_.clear(); });
    }

   private:
    void point_at_owned() { view_ = std::span<const T>(owned_.data(), owned_.size()); }
    template <typename F>
    void edit(F&& change) {
        assert(owns());
        change();
        point_at_owned();
    }

    std::vector<T> owned_;
    std::span<const T> view_;
};

}  // namespace refnet::scoring

#pragma once

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace crowdkd::pipeline {

/// Reads `json[key]` into `value` when it is present and not null (nlohmann's exceptions for a
/// value of the wrong type). An integer field given as a number outside its type's range, or as a
/// fraction, throws std::out_of_range: nlohmann would convert it with undefined behaviour.
template <typename T>
void readJsonField(const nlohmann::json& json, const char* key, T& value) {
    const auto it = json.find(key);
    if (it == json.end() || it->is_null())
        return;
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
        if (it->is_number_float()) {
            const double number = it->get<double>();
            if (!(number >= static_cast<double>(std::numeric_limits<T>::min()) &&
                  number <= static_cast<double>(std::numeric_limits<T>::max())) ||
                number != std::floor(number))
                throw std::out_of_range(std::string(key) + " is not an integer in range");
        }
    }
    it->get_to(value);
}

} // namespace crowdkd::pipeline

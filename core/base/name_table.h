#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace crowdkd {

/// Whether a NameTable matches names as written or in any letter case ("MCNN" for "mcnn").
enum class NameCase { Exact, AnyCase };

/// One enum value and one of its names.
template <typename Enum>
struct EnumName {
    Enum value;
    std::string_view name;
};

/// The names of an enum's values in files and on command lines, in one place for both directions.
/// A value's first entry is its name, what toString writes; later entries for the same value are
/// aliases that fromString also accepts. Made by nameTable().
template <typename Enum, std::size_t N>
class NameTable {
public:
    constexpr NameTable(std::string_view what, NameCase nameCase,
                        const std::array<EnumName<Enum>, N>& entries)
        : m_what(what)
        , m_case(nameCase)
        , m_entries(entries) {}

    /// The name of `value`; throws std::logic_error when the table lacks it.
    std::string toString(Enum value) const {
        for (const EnumName<Enum>& entry : m_entries) {
            if (entry.value == value)
                return std::string(entry.name);
        }
        throw std::logic_error("no name for a " + std::string(m_what) + " value");
    }

    /// The value that `text` names (an alias too); nullopt when none does.
    std::optional<Enum> find(std::string_view text) const {
        for (const EnumName<Enum>& entry : m_entries) {
            if (matches(entry.name, text))
                return entry.value;
        }
        return std::nullopt;
    }

    /// The value that `text` names (an alias too); throws std::invalid_argument naming the
    /// accepted names otherwise: "unknown model 'x' (expected mcnn or msfanet)".
    Enum fromString(std::string_view text) const {
        if (const std::optional<Enum> value = find(text))
            return *value;
        throw std::invalid_argument("unknown " + std::string(m_what) + " '" + std::string(text) +
                                    "' (expected " + names() + ")");
    }

    /// The names without the aliases, for messages: "a, b or c".
    std::string names() const {
        std::string text;
        std::size_t written = 0;
        const std::size_t count = nameCount();
        for (std::size_t i = 0; i < N; ++i) {
            if (!isFirstOfItsValue(i))
                continue;
            if (written > 0)
                text += written + 1 == count ? " or " : ", ";
            text += m_entries[i].name;
            ++written;
        }
        return text;
    }

private:
    bool isFirstOfItsValue(std::size_t index) const {
        for (std::size_t i = 0; i < index; ++i) {
            if (m_entries[i].value == m_entries[index].value)
                return false;
        }
        return true;
    }

    std::size_t nameCount() const {
        std::size_t count = 0;
        for (std::size_t i = 0; i < N; ++i)
            count += isFirstOfItsValue(i) ? 1 : 0;
        return count;
    }

    bool matches(std::string_view name, std::string_view text) const {
        if (name.size() != text.size())
            return false;
        for (std::size_t i = 0; i < name.size(); ++i) {
            const char a = name[i];
            const char b = text[i];
            if (a != b && (m_case == NameCase::Exact || lower(a) != lower(b)))
                return false;
        }
        return true;
    }

    static constexpr char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

    std::string_view m_what; ///< what the values are, in messages: "model", "scheduler"
    NameCase m_case;
    std::array<EnumName<Enum>, N> m_entries;
};

/// A NameTable from its entries, the number of them deduced:
///
///     constexpr auto kModelNames = nameTable<ModelKind>(
///         "model", NameCase::AnyCase, {{ModelKind::Mcnn, "mcnn"}, {ModelKind::MsfaNet,
///         "msfanet"}});
template <typename Enum, std::size_t N>
constexpr NameTable<Enum, N> nameTable(std::string_view what, NameCase nameCase,
                                       const EnumName<Enum> (&entries)[N]) {
    std::array<EnumName<Enum>, N> copy{};
    for (std::size_t i = 0; i < N; ++i)
        copy[i] = entries[i];
    return NameTable<Enum, N>(what, nameCase, copy);
}

} // namespace crowdkd

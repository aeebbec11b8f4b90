#pragma once

#include <QAbstractTableModel>
#include <QStringList>
#include <QVector>

#include <array>
#include <optional>

namespace crowdkd::ui {

/// The three models a comparison puts side by side.
enum class CompareSlot { Teacher, Student, KdStudent };
/// How many CompareSlot values there are.
constexpr int kCompareSlots = 3;

/// Per-image counts of a split for the ground truth and the three slots: one row per image;
/// columns image, ground truth, then per slot its count, signed error and |error|. Unknown values
/// (not computed yet, no model) are empty; Qt::UserRole gives numbers for sorting.
class ComparisonTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    /// Columns: kImageColumn, kTruthColumn, then countColumn(slot), countColumn(slot) + 1 (error),
    /// countColumn(slot) + 2 (|error|) for each slot.
    static constexpr int kImageColumn = 0;
    static constexpr int kTruthColumn = 1;
    static int countColumn(CompareSlot slot) { return 2 + 3 * static_cast<int>(slot); }

    explicit ComparisonTableModel(QObject* parent = nullptr);

    /// One row per image (display names and paths).
    void setImages(const QStringList& names, const QStringList& paths);
    void setTruth(int row, std::optional<double> count);
    void setCount(int row, CompareSlot slot, std::optional<double> count);
    /// Forgets a slot's counts (its model changed).
    void clearSlot(CompareSlot slot);
    /// Header names of the slots (translated by the workspace).
    void setSlotNames(const QStringList& names);

    std::optional<double> truth(int row) const { return m_truth.value(row); }
    std::optional<double> count(int row, CompareSlot slot) const {
        return m_counts[static_cast<std::size_t>(slot)].value(row);
    }
    QString imagePath(int row) const { return m_paths.value(row); }
    int rowOfImage(const QString& path) const { return m_paths.indexOf(path); }

    /// Mean absolute error, root mean squared error and mean signed error of a slot over the rows
    /// with both counts; `images` is how many rows that is.
    struct Metrics {
        double mae = 0;
        double rmse = 0;
        double bias = 0;
        int images = 0;
    };
    Metrics metrics(CompareSlot slot) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QStringList m_names;
    QStringList m_paths;
    QVector<std::optional<double>> m_truth;
    std::array<QVector<std::optional<double>>, kCompareSlots> m_counts;
    QStringList m_slotNames;
};

/// `value` with its sign (+1.5, -2.0, 0.0) in the user's locale, as the table shows errors.
QString signedNumber(double value, int decimals = 1);

} // namespace crowdkd::ui

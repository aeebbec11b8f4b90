#include "compare/comparison_table_model.h"

#include <QDir>
#include <QLocale>

#include <cmath>

namespace crowdkd::ui {

QString signedNumber(double value, int decimals) {
    const QString text = QLocale().toString(value, 'f', decimals);
    return value > 0 ? QLatin1Char('+') + text : text;
}

ComparisonTableModel::ComparisonTableModel(QObject* parent)
    : QAbstractTableModel(parent) {}

void ComparisonTableModel::setImages(const QStringList& names, const QStringList& paths) {
    beginResetModel();
    m_names = names;
    m_paths = paths;
    m_truth = QVector<std::optional<double>>(names.size());
    for (auto& counts : m_counts)
        counts = QVector<std::optional<double>>(names.size());
    endResetModel();
}

void ComparisonTableModel::setTruth(int row, std::optional<double> count) {
    if (row < 0 || row >= m_truth.size() || m_truth[row] == count)
        return;
    m_truth[row] = count;
    emit dataChanged(index(row, kTruthColumn), index(row, columnCount() - 1));
}

void ComparisonTableModel::setCount(int row, CompareSlot slot, std::optional<double> count) {
    auto& counts = m_counts[static_cast<std::size_t>(slot)];
    if (row < 0 || row >= counts.size() || counts[row] == count)
        return;
    counts[row] = count;
    emit dataChanged(index(row, countColumn(slot)), index(row, countColumn(slot) + 2));
}

void ComparisonTableModel::clearSlot(CompareSlot slot) {
    auto& counts = m_counts[static_cast<std::size_t>(slot)];
    counts = QVector<std::optional<double>>(m_names.size());
    if (!m_names.isEmpty())
        emit dataChanged(index(0, countColumn(slot)), index(rowCount() - 1, countColumn(slot) + 2));
}

void ComparisonTableModel::setSlotNames(const QStringList& names) {
    m_slotNames = names;
    emit headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
}

ComparisonTableModel::Metrics ComparisonTableModel::metrics(CompareSlot slot) const {
    Metrics metrics;
    double absolute = 0;
    double squared = 0;
    double signedSum = 0;
    const auto& counts = m_counts[static_cast<std::size_t>(slot)];
    for (int row = 0; row < m_names.size(); ++row) {
        if (!m_truth[row] || !counts[row])
            continue;
        const double error = *counts[row] - *m_truth[row];
        absolute += std::abs(error);
        squared += error * error;
        signedSum += error;
        ++metrics.images;
    }
    if (metrics.images > 0) {
        metrics.mae = absolute / metrics.images;
        metrics.rmse = std::sqrt(squared / metrics.images);
        metrics.bias = signedSum / metrics.images;
    }
    return metrics;
}

int ComparisonTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_names.size());
}

int ComparisonTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : 2 + 3 * kCompareSlots;
}

QVariant ComparisonTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_names.size())
        return {};
    const int row = index.row();
    const int column = index.column();
    if (column == kImageColumn) {
        if (role == Qt::DisplayRole || role == Qt::UserRole)
            return m_names[row];
        if (role == Qt::ToolTipRole)
            return QDir::toNativeSeparators(m_paths[row]);
        return {};
    }
    if (role == Qt::TextAlignmentRole)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    std::optional<double> value;
    int decimals = 1;
    bool isSigned = false;
    if (column == kTruthColumn) {
        value = m_truth[row];
        decimals = 0;
    } else {
        const int slot = (column - 2) / 3;
        const int part = (column - 2) % 3;
        const std::optional<double> count = m_counts[static_cast<std::size_t>(slot)][row];
        if (part == 0) {
            value = count;
        } else if (count && m_truth[row]) {
            const double error = *count - *m_truth[row];
            value = part == 1 ? error : std::abs(error);
            isSigned = part == 1;
        }
    }
    if (!value)
        return {};
    if (role == Qt::UserRole)
        return *value;
    if (role == Qt::DisplayRole)
        return isSigned ? signedNumber(*value, decimals)
                        : QLocale().toString(*value, 'f', decimals);
    return {};
}

QVariant ComparisonTableModel::headerData(int section, Qt::Orientation orientation,
                                          int role) const {
    if (orientation != Qt::Horizontal || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return QAbstractTableModel::headerData(section, orientation, role);
    if (section == kImageColumn)
        return tr("Image");
    if (section == kTruthColumn)
        return role == Qt::ToolTipRole ? tr("Annotated heads (ground truth)") : tr("Ground truth");
    const int slot = (section - 2) / 3;
    const QString name = m_slotNames.value(slot);
    switch ((section - 2) % 3) {
    case 0:
        return role == Qt::ToolTipRole ? tr("%1: estimated count").arg(name) : name;
    case 1:
        return role == Qt::ToolTipRole ? tr("%1: count − ground truth").arg(name)
                                       : tr("%1\nerror").arg(name);
    default:
        return role == Qt::ToolTipRole ? tr("%1: absolute error").arg(name)
                                       : tr("%1\n|error|").arg(name);
    }
}

} // namespace crowdkd::ui

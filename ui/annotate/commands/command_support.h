#pragma once

#include <QCoreApplication>
#include <QVector>

#include <algorithm>

namespace crowdkd::ui {

/// The translation context of the edits' names in the undo history, one for every command.
class AnnotationCommands {
    Q_DECLARE_TR_FUNCTIONS(AnnotationCommands)
};

/// `indices` sorted and without duplicates, as the commands keep them.
inline QVector<int> sortedUnique(QVector<int> indices) {
    std::sort(indices.begin(), indices.end());
    indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
    return indices;
}

} // namespace crowdkd::ui

#include "annotate/commands/annotation_commands.h"

#include "annotate/annotation_document.h"

#include <QCoreApplication>

#include <algorithm>

namespace crowdkd::ui {

namespace {

/// The translation context of the edits' names in the undo history.
class AnnotationCommands {
    Q_DECLARE_TR_FUNCTIONS(AnnotationCommands)
};

QVector<int> sortedUnique(QVector<int> indices) {
    std::sort(indices.begin(), indices.end());
    indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
    return indices;
}

} // namespace

AddHeadCommand::AddHeadCommand(AnnotationDocument* document, const QPointF& position)
    : m_document(document)
    , m_position(position)
    , m_index(document->count()) {
    setText(AnnotationCommands::tr("Add head at (%1, %2)")
                .arg(qRound(position.x()))
                .arg(qRound(position.y())));
}

void AddHeadCommand::redo() {
    m_document->insertHeads({m_index}, {m_position});
    m_document->setSelection({m_index});
}

void AddHeadCommand::undo() {
    m_document->takeHeads({m_index});
}

MoveHeadsCommand::MoveHeadsCommand(AnnotationDocument* document, const QVector<int>& indices,
                                   const QPointF& offset)
    : m_document(document)
    , m_indices(sortedUnique(indices))
    , m_offset(offset) {
    setText(AnnotationCommands::tr("Move %n head(s)", nullptr, static_cast<int>(m_indices.size())));
}

void MoveHeadsCommand::redo() {
    m_document->translateHeads(m_indices, m_offset);
}

void MoveHeadsCommand::undo() {
    m_document->translateHeads(m_indices, -m_offset);
}

RemoveHeadsCommand::RemoveHeadsCommand(AnnotationDocument* document, const QVector<int>& indices)
    : m_document(document)
    , m_indices(sortedUnique(indices)) {
    setText(
        AnnotationCommands::tr("Remove %n head(s)", nullptr, static_cast<int>(m_indices.size())));
}

void RemoveHeadsCommand::redo() {
    m_points = m_document->takeHeads(m_indices);
}

void RemoveHeadsCommand::undo() {
    m_document->insertHeads(m_indices, m_points);
    m_document->setSelection(m_indices);
}

ReplaceHeadsCommand::ReplaceHeadsCommand(AnnotationDocument* document,
                                         const QVector<QPointF>& points, const QString& text)
    : m_document(document)
    , m_before(document->points())
    , m_after(points) {
    setText(text);
}

void ReplaceHeadsCommand::redo() {
    m_document->assignHeads(m_after);
}

void ReplaceHeadsCommand::undo() {
    m_document->assignHeads(m_before);
}

} // namespace crowdkd::ui

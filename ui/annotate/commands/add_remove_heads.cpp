#include "annotate/commands/add_remove_heads.h"

#include "annotate/annotation_document.h"
#include "annotate/commands/command_support.h"

namespace crowdkd::ui {

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

} // namespace crowdkd::ui

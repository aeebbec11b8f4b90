#include "annotate/commands/move_heads.h"

#include "annotate/annotation_document.h"
#include "annotate/commands/command_support.h"

namespace crowdkd::ui {

MoveHeadsCommand::MoveHeadsCommand(AnnotationDocument* document, const QVector<int>& indices,
                                   const QPointF& offset)
    : m_document(document)
    , m_indices(sortedUnique(indices)) {
    for (int i : m_indices) {
        m_before.append(document->points().at(i));
        m_after.append(m_before.back() + offset);
    }
    setText(AnnotationCommands::tr("Move %n head(s)", nullptr, static_cast<int>(m_indices.size())));
}

void MoveHeadsCommand::redo() {
    m_document->placeHeads(m_indices, m_after);
}

void MoveHeadsCommand::undo() {
    m_document->placeHeads(m_indices, m_before);
}

} // namespace crowdkd::ui

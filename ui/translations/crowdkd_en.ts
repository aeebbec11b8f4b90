<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>AnnotationCommands</name>
    <message>
        <source>Add head at (%1, %2)</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Move %n head(s)</source>
        <translation><numerusform>Move %n head</numerusform><numerusform>Move %n heads</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Remove %n head(s)</source>
        <translation><numerusform>Remove %n head</numerusform><numerusform>Remove %n heads</numerusform></translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>CrowdKD Studio: label, train, distill and ship crowd counters</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Workspace to start in: dataset, annotate, train, compare or count.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>User interface language: ko or en (default: the language chosen in the studio, else the system language).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dataset folders or images to open.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>unknown language '%1' (use ko or en)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>unknown workspace '%1' (use dataset, annotate, train, compare or count)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::AnnotateWorkspace</name>
    <message>
        <source>Display</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Head marker size</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> px</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Head marker colour</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show density map</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Density map opacity</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Edit history</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;opened&gt;</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Save Annotation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save the head annotation into the dataset (Ctrl+S)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save Annotation &amp;As…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select &amp;All Heads</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Delete Selected Heads</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Actual Size (1:1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Previous Image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Previous image (A, Page Up)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Next Image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Next image (D, Page Down)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Density &amp;Map Overlay</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show the density map computed from the heads (M)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 heads, %3 selected</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No image open.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Head Marker Colour</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot Open Image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The image could not be opened:
%1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Recover Unsaved Edits</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Unsaved edits of %1 from %2 were kept (%n head(s)). Recover them?</source>
        <translation><numerusform>Unsaved edits of %1 from %2 were kept (%n head). Recover them?</numerusform><numerusform>Unsaved edits of %1 from %2 were kept (%n heads). Recover them?</numerusform></translation>
    </message>
    <message>
        <source>Recover</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Recover autosaved edits</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Unsaved Changes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The head annotation of %1 has unsaved changes.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save them before going on?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot Save Here</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save As…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your edits are kept; choose another folder to save them in.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The dataset is read-only: %1 cannot be written.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The annotation could not be saved:
%1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save Annotation As</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>ShanghaiTech ground truth (*.mat)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot Save</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>CrowdKD Studio did not close normally. Unsaved head annotations of %n image(s) were kept: %1.</source>
        <translation><numerusform>CrowdKD Studio did not close normally. Unsaved head annotations of %n image were kept: %1.</numerusform><numerusform>CrowdKD Studio did not close normally. Unsaved head annotations of %n images were kept: %1.</numerusform></translation>
    </message>
    <message>
        <source>Open the most recent one now? The others are offered when you open their images.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open and Recover</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Later</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::AnnotationCanvas</name>
    <message>
        <source>No image.
Open a dataset and pick an image, or drop an image here.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::AnnotationDocument</name>
    <message>
        <source>Untitled</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::DatasetModel</name>
    <message numerus="yes">
        <source>%n head(s)</source>
        <translation><numerusform>%n head</numerusform><numerusform>%n heads</numerusform></translation>
    </message>
    <message>
        <source>declares %1 heads but lists %2</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::DatasetSession</name>
    <message>
        <source>no ShanghaiTech split (images/ and ground-truth/) was found in this folder</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::DatasetWorkspace</name>
    <message>
        <source>Splits</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Statistics</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Problems found</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Filter by name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Heads:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show images with at least this many heads</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show images with at most this many heads (∞: no limit)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Has problems</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Edited</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Only images whose annotation was edited in the studio</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sort by name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Fewest heads first</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Most heads first</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Grid</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>List</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%1 (%n image(s))</source>
        <translation><numerusform>%1 (%n image)</numerusform><numerusform>%1 (%n images)</numerusform></translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1
Double-click to show the file's folder.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No problems found.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Problems found (%1)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::MainWindow</name>
    <message>
        <source>Cannot Open Dataset</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 could not be opened as a dataset:
%2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dataset</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Annotate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Train</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Compare</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Browse the dataset: splits, images, head counts, statistics, problems</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Annotate head positions on one image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Train the teacher and distill the student (coming later)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Compare models on a split (coming later)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Count people with a trained model (coming later)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Open Dataset…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open a dataset folder (Ctrl+O)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open &amp;Image…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open &amp;Sample Dataset</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Close Dataset</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;About CrowdKD Studio</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Go</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Workspace</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Workspaces</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n head(s)</source>
        <translation><numerusform>%n head</numerusform><numerusform>%n heads</numerusform></translation>
    </message>
    <message>
        <source>Zoom %1%</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>● Modified</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Saved</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1[*] — CrowdKD Studio</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No dataset open</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>CrowdKD Studio</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Opening %1…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No Sample Dataset</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The sample dataset is not installed with this build.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot Open</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 is neither a dataset folder nor an image.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open Dataset</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open Image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Clear Recent Datasets</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>About CrowdKD Studio</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;h3&gt;CrowdKD Studio %1&lt;/h3&gt;&lt;p&gt;Annotate crowd images, train an M-SFANet teacher, distill it into a tiny MCNN student and ship it.&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2 (built with %3)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;LibTorch&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;OpenCV&lt;/td&gt;&lt;td&gt;%5&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::PlaceholderWorkspace</name>
    <message>
        <source>Train</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;p&gt;This workspace will train the M-SFANet teacher model and distill it into the tiny MCNN student model (knowledge distillation: loss = (1 − α)·MSE(student, ground truth) + α·MSE(student, teacher)).&lt;/p&gt;&lt;p&gt;It will hold the run settings (α, learning-rate schedule, epochs), live loss and MAE/RMSE curves, and checkpoints you can load from the reference PyTorch code.&lt;/p&gt;&lt;p&gt;&lt;i&gt;Coming in a later version.&lt;/i&gt;&lt;/p&gt;</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Compare</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;p&gt;This workspace will compare models on a split: teacher against student, student against ground truth, with MAE/RMSE, per-image count errors and density maps side by side.&lt;/p&gt;&lt;p&gt;&lt;i&gt;Coming in a later version.&lt;/i&gt;&lt;/p&gt;</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;p&gt;This workspace will count the people in your own images and videos with a trained student model, show its density map and export the model for embedded devices.&lt;/p&gt;&lt;p&gt;&lt;i&gt;Coming in a later version.&lt;/i&gt;&lt;/p&gt;</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Off</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save into the dataset without asking when switching images</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Autosave unsaved edits every</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::SplitStatisticsView</name>
    <message>
        <source>heads per image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>images</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Images</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not annotated yet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Counted so far</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Total heads</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Min / max heads</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Mean heads</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::ThumbnailDelegate</name>
    <message>
        <source>new</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>crowdkd::ui::WelcomePage</name>
    <message>
        <source>Welcome to CrowdKD Studio</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Annotate heads on crowd images, train a large teacher model, distill it into a tiny student model and ship it.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open Dataset…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open the Sample Dataset</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A few ShanghaiTech part A images with their head annotations, bundled with the studio</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Recent datasets</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A dataset is a folder in the ShanghaiTech layout: one folder per split (train_data, test_data) holding images/ and ground-truth/. You can also drop a dataset folder or an image on this window.</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>